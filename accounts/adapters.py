from allauth.account.adapter import DefaultAccountAdapter

from grportal.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # No open sign-up: people join through an invitation (accounts.views.invitation_accept).
        return False

    def get_client_ip(self, request):
        # The portal's one rule (behind the proxy: the address our proxy added), so login limits count the client.
        return client_ip(request) or super().get_client_ip(request)
