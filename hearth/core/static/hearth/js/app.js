// Hearth's entry point: start GOV.UK Frontend's components (error summary focus, service navigation
// menu, notification banners, password reveal, character counts, ...).
import { initAll } from "../../govuk/govuk-frontend.min.js";

initAll();
