"""Masthead: a self-hosted news publishing platform built on Django and Wagtail."""
