# The production image: gunicorn serving Django, static files through WhiteNoise.
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY digital_office digital_office
COPY councils councils
COPY portfolios portfolios
COPY heartbeat heartbeat
COPY metrics metrics
RUN pip install .
COPY . .

# collectstatic needs settings that load; these values exist only for the build.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --no-input

RUN useradd --system --uid 1000 heartbeat && chown -R heartbeat /app
USER heartbeat
EXPOSE 8000
CMD ["gunicorn", "digital_office.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
