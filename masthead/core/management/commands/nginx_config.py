"""`masthead nginx-config`: the packaged nginx template rendered with this install's paths."""

import os
import pwd
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine

# Inside the package, so that a wheel install has it as much as a checkout does.
TEMPLATE = files("masthead.core") / "deploy" / "nginx.conf"


def server_names() -> str:
    """nginx's server_name from ALLOWED_HOSTS ('_', any name, when every host is allowed)."""
    names = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    if len(names) < len(settings.ALLOWED_HOSTS) or not names:
        return "_"
    return " ".join(names)


def default_cache_dir() -> str:
    return getattr(settings, "MASTHEAD_NGINX_CACHE_DIR", "") or str(
        Path(settings.DATA_DIR) / "nginx-cache"
    )


def render_nginx_config(*, template: Traversable = TEMPLATE, **values) -> str:
    """The template rendered with Django's template language, which leaves nginx's $variables be."""
    engine = Engine(autoescape=False)
    return engine.from_string(template.read_text()).render(Context(values)).lstrip()


class Command(BaseCommand):
    help = "Print (or write) the nginx configuration for this install: proxy cache, static files."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="80", help="nginx's listen address (default 80).")
        parser.add_argument("--server-name", default=server_names(), help="nginx's server_name.")
        parser.add_argument(
            "--upstream",
            default=f"127.0.0.1:{settings.PORT}",
            help="Where `masthead serve` listens (default 127.0.0.1:$PORT).",
        )
        parser.add_argument(
            "--cache-dir",
            default=default_cache_dir(),
            help="proxy_cache_path (default $MASTHEAD_NGINX_CACHE_DIR, else <data dir>/nginx-cache).",
        )
        parser.add_argument("--cache-max-size", default="1g", help="The proxy cache's size limit.")
        parser.add_argument(
            "--standalone",
            action="store_true",
            help="A complete nginx.conf (events, http) keeping its pid, logs and temp files in --prefix.",
        )
        parser.add_argument("--prefix", type=Path, help="With --standalone: nginx's own directory.")
        parser.add_argument("--output", "-o", type=Path, help="Write here instead of printing.")
        parser.add_argument(
            "--template", type=Path, help="Render this file instead of Masthead's own template."
        )

    def handle(self, *args, standalone, prefix, output, template, **options):
        if template is not None and not template.is_file():
            raise CommandError(f"No template at {template}.")
        if standalone and prefix is None:
            raise CommandError(
                "--standalone needs --prefix, the directory nginx keeps its files in."
            )
        config = render_nginx_config(
            template=template or TEMPLATE,
            listen=options["listen"],
            server_name=options["server_name"],
            upstream=options["upstream"],
            cache_dir=Path(options["cache_dir"]).resolve(),
            cache_max_size=options["cache_max_size"],
            static_root=Path(settings.STATIC_ROOT).resolve(),
            media_root=Path(settings.MEDIA_ROOT).resolve(),
            standalone=standalone,
            prefix=prefix.resolve() if prefix else None,
            # Started as root, nginx would hand its workers to `nobody`; keep them ours.
            user=pwd.getpwuid(os.geteuid()).pw_name if standalone and os.geteuid() == 0 else "",
        )
        if output is None:
            self.stdout.write(config, ending="")
            return
        output.write_text(config)
        if not getattr(settings, "MASTHEAD_NGINX_CACHE_DIR", ""):
            self.stderr.write(
                f"Set MASTHEAD_NGINX_CACHE_DIR={options['cache_dir']} for Masthead's "
                "app processes so that they purge changed pages from nginx's cache."
            )
        self.stdout.write(f"Wrote {output}")
