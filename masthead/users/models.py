from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Masthead's own user model, in place from the first migration so it can grow."""
