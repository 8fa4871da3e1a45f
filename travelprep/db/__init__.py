"""Persistence: SQLAlchemy 2 models, repositories and Alembic migrations.

Repositories hold the queries and never commit; the request handler or the command commits.
"""
