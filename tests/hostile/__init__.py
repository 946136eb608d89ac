"""Attacks on newsdesk (issue 9): each numbered reproduction as a test."""
