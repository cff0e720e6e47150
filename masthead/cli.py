"""The `masthead` console script: Django's manage.py with Masthead's settings."""

import os
import sys

PRODUCTION = "masthead.settings.production"


def main() -> None:
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        sys.argv[1] = sys.argv[1].replace("-", "_")  # `masthead nginx-config` runs nginx_config
    # `masthead serve` is the production server; every other command defaults to development.
    serving = sys.argv[1:2] == ["serve"]
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", PRODUCTION if serving else "masthead.settings.dev"
    )
    if os.environ["DJANGO_SETTINGS_MODULE"] == PRODUCTION and not os.environ.get("SECRET_KEY"):
        sys.exit(
            "masthead: production settings need SECRET_KEY, a long random string kept the same "
            "across restarts and app servers (docs/production.md). For a local try:\n"
            '  SECRET_KEY="$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")" '
            "masthead serve"
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
