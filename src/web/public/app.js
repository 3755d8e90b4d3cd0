// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/nhsuk-frontend-10.6.1.min.js';

initAll();
