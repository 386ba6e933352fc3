import { OrganiserPage } from '../features/organiser/OrganiserPage.js';

/** `/organiser`: lazy-loaded, never part of the participant bundle. */
export default function OrganiserView() {
  return (
    <div className="app organiser-app">
      <OrganiserPage />
    </div>
  );
}
