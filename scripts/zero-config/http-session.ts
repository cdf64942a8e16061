/** A signed-in HTTP session against a running Meridian, the way a browser holds one: cookies and the sign-in form. */
export class HttpSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      if (separator > 0) this.cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
  }

  /** The Cookie header the session sends (for load generators that send their own requests). */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** A request carrying the session's cookies; redirects are returned, not followed. */
  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(180_000) });
    this.remember(response);
    return response;
  }

  /** Signs in through next-auth's credentials endpoint (CSRF token first), as the sign-in form does. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = (await (await this.request("/api/auth/csrf")).json()) as { csrfToken?: string };
    if (!csrf.csrfToken) throw new Error("no CSRF token from /api/auth/csrf");
    const response = await this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: "true" }),
    });
    if (![...this.cookies.keys()].some((name) => name.endsWith("session-token"))) {
      throw new Error(`sign-in as ${email} set no session cookie (HTTP ${response.status})`);
    }
  }
}
