import { expect, test as setup } from "@playwright/test";

// A cold `next start` loads each route's code on its first request, seconds apiece on a small machine, and the
// first journeys paid for it inside their timeouts (sign-in alone took over 10 s). One request to each entry point
// pays it up front. Signed out, each answers the sign-in page, a redirect to it, or next-auth's JSON.
const ENTRY_POINTS = ["/login", "/api/auth/providers", "/api/auth/csrf", "/", "/patients", "/audit", "/admin/users"];

setup("warm up the server's routes", async ({ request }) => {
  for (const path of ENTRY_POINTS) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(400);
  }
});
