// Starts Swagger UI on the API docs page from the settings the server put in #swagger-settings.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  config.layout = "BaseLayout";
  // "Try it out" with a signed-in session: writes need the CSRF token (the cookie is HttpOnly).
  var csrf = document.body.dataset.csrfToken;
  config.requestInterceptor = function (request) {
    if (csrf && request.method && request.method.toUpperCase() !== "GET") {
      request.headers["X-CSRFToken"] = csrf;
    }
    return request;
  };
  window.SwaggerUIBundle(config);
})();
