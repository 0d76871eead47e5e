from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Confirms a citizen's e-mail address; the link stops working once the account is active."""

    key_salt = "lapor.accounts.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}"


confirmation_tokens = ConfirmationTokenGenerator()
