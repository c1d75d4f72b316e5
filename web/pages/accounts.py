"""The password-reset page with its throttle (accounts.resets): a client over its hourly requests gets a 429 page;
an account over its hourly mails is simply not mailed again, with the same answer as any other request."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render

from accounts.resets import (
    password_reset_account_take,
    password_reset_address_allowed,
    password_reset_request_record,
)
from web.clientip import client_address


class ThrottledPasswordResetForm(PasswordResetForm):
    address = ""

    def get_users(self, email):
        """The accounts Django would mail, less those mailed PASSWORD_RESET_PER_ACCOUNT_HOUR times this hour."""
        return (user for user in super().get_users(email)
                if password_reset_account_take(user=user, address=self.address))


class ThrottledPasswordResetView(PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def form_valid(self, form):
        address = client_address(self.request)
        if not password_reset_address_allowed(address=address):
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        password_reset_request_record(address=address)
        form.address = address
        return super().form_valid(form)
