from django.urls import path

from . import views, views_people

app_name = "budgets"

urlpatterns = [
    path("<int:pk>/", views.budget_detail, name="detail"),
    path("<int:pk>/andra/", views.budget_edit, name="edit"),
    path("<int:pk>/kopiera/", views.budget_copy, name="copy"),
    path("<int:pk>/aktuell/", views.budget_make_current, name="make_current"),
    path("<int:pk>/jamfor/", views.budget_compare, name="compare"),
    path("<int:pk>/personalomkostnader/", views.on_cost_rates, name="on_cost_rates"),
    path("<int:pk>/<str:section>/ny/", views.line_edit, name="line_new"),
    path("<int:pk>/<str:section>/<int:line_pk>/", views.line_edit, name="line_edit"),
    path("<int:pk>/<str:section>/<int:line_pk>/ta-bort/", views.line_delete, name="line_delete"),
    path("projekt/<int:pk>/ny/", views.budget_new, name="new"),
    path("projekt/<int:pk>/utfall/", views.outcome, name="outcome"),
    path("projekt/<int:pk>/utfall/ny/", views.actual_new, name="actual_new"),
    path("projekt/<int:pk>/utfall/<int:cost_pk>/ta-bort/", views.actual_delete, name="actual_delete"),
    path("projekt/<int:pk>/utfall/import/", views.import_upload, name="import_upload"),
    path("projekt/<int:pk>/utfall/import/<int:batch_pk>/", views.import_preview, name="import_preview"),
    path("projekt/<int:pk>/utfall/export.xlsx", views.outcome_export, name="outcome_export"),
    path("projekt/<int:pk>/ekonomistod/ny/", views_people.finance_support_add, name="finance_support_add"),
    path("projekt/<int:pk>/ekonomistod/<int:support_pk>/ta-bort/", views_people.finance_support_remove,
         name="finance_support_remove"),
]
