"""How the OpenAPI schema describes the key: an HTTP bearer token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.access.ApiKeyAuthentication"
    name = "kunciApi"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Kunci API sistem, dibuat Admin BKD di Admin Django (Token API).",
        }
