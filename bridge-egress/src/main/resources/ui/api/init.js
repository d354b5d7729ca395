// Swagger UI on the admin API's document; "Try it out" sends the token the dashboard's login kept, if any.
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  onComplete: () => {
    const token = sessionStorage.getItem('hookbridge.adminToken');
    if (token) window.ui.preauthorizeApiKey('adminToken', token);
  },
});
