// The API reference: Swagger UI (public/vendor/swagger-ui-dist, a classic script that defines
// SwaggerUIBundle) renders the server's own OpenAPI document. No validator badge: it would call
// a third-party site, which the page's CSP refuses anyway.
window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#api-reference',
    validatorUrl: null,
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
});
