// Starts Swagger UI on the API docs page from the settings the server put in #swagger-settings.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  config.layout = "BaseLayout";
  // The session's CSRF cookie is HttpOnly; the docs page only reads, so no token is needed here.
  window.SwaggerUIBundle(config);
})();
