from django.urls import path

from . import views, views_people, views_plan, views_portfolio

app_name = "projects"

urlpatterns = [
    path("", views_portfolio.project_list, name="list"),
    path("<int:pk>/kopiera/", views_portfolio.project_copy_view, name="copy"),
    path("<int:pk>/utskrift/", views_portfolio.project_print, name="print"),
    path("<int:pk>/plan.docx", views_portfolio.project_export_docx, name="export_docx"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/bjud-in/", views.project_invite, name="invite"),
    path("<int:pk>/personer/", views_people.project_people, name="people"),
    path("<int:pk>/personer/<int:membership_pk>/ta-bort/", views_people.membership_remove_view,
         name="membership_remove"),
    # The plan editor (projects/views_plan.py)
    path("ny/", views_plan.project_new, name="new"),
    path("<int:pk>/plan/", views_plan.plan_fragment, name="plan_fragment"),
    path("<int:pk>/plan/borttaget/", views_plan.plan_deleted, name="plan_deleted"),
    path("<int:pk>/plan/<slug:kind>/borttaget/<int:history_id>/aterstall/", views_plan.plan_undelete_view,
         name="plan_undelete"),
    path("<int:pk>/plan/<slug:kind>/ny/", views_plan.plan_item_form, name="plan_add"),
    path("<int:pk>/plan/<slug:kind>/<int:item_pk>/", views_plan.plan_item_form, name="plan_edit"),
    path("<int:pk>/plan/<slug:kind>/<int:item_pk>/ta-bort/", views_plan.plan_item_delete_view, name="plan_delete"),
    path("<int:pk>/plan/<slug:kind>/<int:item_pk>/historik/", views_plan.plan_item_history, name="plan_history"),
    path("<int:pk>/plan/<slug:kind>/<int:item_pk>/historik/<int:history_id>/aterstall/",
         views_plan.plan_item_restore_view, name="plan_restore"),
]
