import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { type Clock, systemClock } from "../clock.js";
import { ClienteleError } from "../errors.js";
import { newId } from "../metadata.js";

/** The one thing a link may do. */
export const linkActions = ["unsubscribe", "update_payment_method"] as const;
export type LinkAction = (typeof linkActions)[number];

/** What a verified token says: whose link, for what, until when, and its single-use id. */
export interface LinkClaims {
  customerId: string;
  action: LinkAction;
  /** ISO instant after which the token is refused. */
  expiresAt: string;
  /** A ULID naming this token, for single use. */
  tokenId: string;
}

const payloadSchema = z.strictObject({
  sub: z.string().min(1).max(64),
  act: z.enum(linkActions),
  exp: z.number().int().positive(),
  jti: z.string().length(26),
});

export interface LinkTokensOptions {
  /** The store's link secret: at least 32 bytes, kept like a password; rotating it voids every link. */
  secret: string | Buffer;
  clock?: Clock;
  /** Default lifetime; 7 days. */
  ttlSeconds?: number;
}

export interface LinkTokens {
  /** A token for `action` on `customerId`, valid for `ttlSeconds` (default the option's). */
  issue(customerId: string, action: LinkAction, ttlSeconds?: number): string;
  /**
   * The token's claims, or LINK_TOKEN_INVALID (altered, malformed, another action, another
   * customer when `customerId` is given) / LINK_TOKEN_EXPIRED. Verifying uses nothing up;
   * `redeemLink` does.
   */
  verify(token: unknown, action: LinkAction, customerId?: string): LinkClaims;
}

const invalid = (why: string) =>
  new ClienteleError("LINK_TOKEN_INVALID", `This link is not valid: ${why}. Ask for a new one.`, {
    reason: why,
  });

/**
 * Signed, expiring, single-action links for emails (self-service.md): HMAC-SHA256 from Node's
 * crypto over a small JSON payload, `v1.<payload>.<mac>` in base64url. Node's crypto rather than
 * a JWT library: one algorithm, no header to negotiate (no `alg: none` class of mistakes), no
 * dependency, and a token short enough for a URL.
 *
 * @example const links = createLinkTokens({ secret: process.env.LINK_SECRET }); links.issue(id, "unsubscribe")
 */
export const createLinkTokens = ({
  secret,
  clock = systemClock,
  ttlSeconds = 7 * 24 * 3600,
}: LinkTokensOptions): LinkTokens => {
  if (Buffer.byteLength(secret) < 32)
    throw new ClienteleError("VALIDATION_FAILED", "The link secret must be at least 32 bytes.", {
      fields: ["secret"],
    });
  const sign = (payload: string) =>
    createHmac("sha256", secret).update(`v1.${payload}`).digest("base64url");
  return {
    issue(customerId, action, ttl = ttlSeconds) {
      const exp = Math.floor(clock.now().getTime() / 1000) + ttl;
      const body = payloadSchema.parse({ sub: customerId, act: action, exp, jti: newId() });
      const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
      return `v1.${payload}.${sign(payload)}`;
    },
    verify(token, action, customerId) {
      if (typeof token !== "string" || token.length > 1024) throw invalid("not a link token");
      const [version, payload = "", mac = ""] = token.split(".");
      if (version !== "v1" || token.split(".").length !== 3) throw invalid("not a link token");
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw invalid("its signature does not match");
      let body: z.infer<typeof payloadSchema>;
      try {
        body = payloadSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
      } catch {
        throw invalid("its content is not readable");
      }
      if (body.act !== action) throw invalid(`it is for ${body.act}, not ${action}`);
      if (customerId !== undefined && body.sub !== customerId)
        throw invalid("it was sent to another customer");
      const expiresAt = new Date(body.exp * 1000).toISOString();
      if (clock.now().getTime() >= body.exp * 1000)
        throw new ClienteleError(
          "LINK_TOKEN_EXPIRED",
          `This link expired at ${expiresAt}. Ask for a new one.`,
          { expiresAt },
        );
      return { customerId: body.sub, action: body.act, expiresAt, tokenId: body.jti };
    },
  };
};
