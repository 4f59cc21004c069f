from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("<int:pk>/", views.budget_detail, name="detail"),
]
