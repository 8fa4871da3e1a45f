# TravelPrep: `docker build -t travelprep .`; see compose.yaml and the README's Deployment section.

# Stage 1: wheels. The dependencies are built from pyproject.toml alone, so this layer is reused
# until the dependencies change; the app's own wheel is built after the sources are copied.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
 && pip wheel --no-cache-dir --wheel-dir /wheels/deps -r requirements.txt \
 && cp requirements.txt /wheels/deps/
COPY README.md ./
COPY travelprep ./travelprep
COPY checklists ./checklists
COPY templates ./templates
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels/app .

# Stage 2: the runtime image, without compilers or sources.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TRAVELPREP_ENV=production \
    TRAVELPREP_DATA_DIR=/var/lib/travelprep
# WeasyPrint (the checklist as PDF) needs Pango and a font; unpinned, so that each build takes
# the distribution's security updates.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 travelprep \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/travelprep --create-home travelprep \
 && install -d -o 10001 -g 10001 /var/lib/travelprep-metrics
# Dependencies in their own layer, from the wheels of stage 1 (no index: nothing is fetched).
COPY --from=build /wheels/deps /wheels/deps
RUN pip install --no-cache-dir --no-index --find-links=/wheels/deps -r /wheels/deps/requirements.txt \
 && rm -rf /wheels/deps
COPY --from=build /wheels/app /wheels/app
RUN pip install --no-cache-dir --no-index --no-deps /wheels/app/*.whl && rm -rf /wheels/app
COPY --chmod=755 docker/entrypoint.sh /usr/local/bin/travelprep-entrypoint
USER 10001:10001
WORKDIR /var/lib/travelprep
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
ENTRYPOINT ["travelprep-entrypoint"]
CMD ["travelprep", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
