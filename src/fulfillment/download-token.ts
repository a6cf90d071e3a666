// Download tokens: `{grantId}.{HMAC-SHA256(SIGNING_SECRET, "download:" + grantId)}`. The signature makes
// tampering a 404 without a database read; expiry and the download count live on the grant row.
import { hmacSha256, secretsEqual, toBase64Url } from "../shared/crypto";

async function sign(secret: string, grantId: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `download:${grantId}`));
}

export async function downloadToken(secret: string, grantId: string): Promise<string> {
  return `${grantId}.${await sign(secret, grantId)}`;
}

/** The grant id of a genuine token, or undefined. */
export async function verifyDownloadToken(secret: string, token: string): Promise<string | undefined> {
  const match = /^(dlg_[0-9a-z]{26})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  return (await secretsEqual(await sign(secret, match[1]!), match[2]!)) ? match[1] : undefined;
}
