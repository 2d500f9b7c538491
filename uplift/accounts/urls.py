"""Accounts URLs, included at /accounts/. A school's people nest under the school's URN."""

from django.urls import path

from uplift.accounts import views

app_name = "accounts"

urlpatterns = [
    # Signing in and out, passwords
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("register/", views.register, name="register"),
    path("password/", views.password_change, name="password_change"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/complete/", views.password_reset_complete, name="password_reset_complete"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    # Your account
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    # Joining a school
    path("schools/<int:urn>/join/", views.join_school, name="join_school"),
    path("join-requests/", views.join_requests, name="join_requests"),
    path("join-requests/<int:pk>/", views.join_request_decide, name="join_request_decide"),
    path("join-requests/<int:pk>/withdraw/", views.join_request_withdraw, name="join_request_withdraw"),
    # A school's people
    path("schools/<int:urn>/people/", views.school_people, name="school_people"),
    path("schools/<int:urn>/people/<int:pk>/role/", views.member_role, name="member_role"),
    path("schools/<int:urn>/people/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("schools/<int:urn>/invite/", views.invite, name="invite"),
    path("schools/<int:urn>/invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
