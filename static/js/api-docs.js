// The API docs page (api/views.py docs): Swagger UI reads the OpenAPI schema of the site.
// Loaded as a file, not inline, so the page keeps its Content Security Policy.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const target = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: target.dataset.schemaUrl,
    domNode: target,
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    validatorUrl: null,
  });
});
