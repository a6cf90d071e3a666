import { describe, expect, it } from "vitest";
import { isPublicHost, publicUrlSchema } from "../../src/shared/fields";

const hostOf = (url: string) => new URL(url).hostname;

describe("public hosts for server-side requests (webhook URLs)", () => {
  it.each([
    "https://localhost/hook",
    "https://localhost./hook",
    "https://shop.localhost/hook",
    "https://shop.localhost./hook",
    "https://printer.local/hook",
    "https://10.0.0.1.nip.io/hook",
    "https://127-0-0-1.sslip.io/hook",
    "https://anything.xip.io/hook",
    "https://7f000001.nip.io/hook",
    "https://app.10.1.2.3.example.com/hook",
    "https://x-192-168-0-1.example.com/hook",
    "https://0.0.0.0/hook",
    "https://10.2.3.4/hook",
    "https://100.64.0.1/hook",
    "https://100.127.255.254/hook",
    "https://127.0.0.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://172.16.0.1/hook",
    "https://172.31.255.255/hook",
    "https://192.0.0.8/hook",
    "https://192.168.1.1/hook",
    "https://198.18.0.1/hook",
    "https://198.19.255.255/hook",
    "https://224.0.0.1/hook",
    "https://255.255.255.255/hook",
    "https://2130706433/hook",
    "https://0x7f000001/hook",
    "https://0177.0.0.1/hook",
    "https://0x7f.1/hook",
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[fd00::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://intranet/hook",
  ])("refuses %s", (url) => {
    expect(isPublicHost(hostOf(url))).toBe(false);
    expect(publicUrlSchema(false).safeParse(url).success).toBe(false);
  });

  it.each(["https://fulfil.example.com/hook", "https://8.8.8.8/hook", "https://100.128.0.1/hook", "https://198.20.0.1/hook", "https://172.32.0.1/hook", "https://api.printful.com/v1/orders"])(
    "accepts %s",
    (url) => {
      expect(isPublicHost(hostOf(url))).toBe(true);
      expect(publicUrlSchema(false).safeParse(url).success).toBe(true);
    },
  );

  it("development keeps http on loopback, and only there", () => {
    expect(publicUrlSchema(true).safeParse("http://127.0.0.1:9000/hook").success).toBe(true);
    expect(publicUrlSchema(true).safeParse("http://localhost:9000/hook").success).toBe(true);
    expect(publicUrlSchema(true).safeParse("http://10.0.0.1.nip.io/hook").success).toBe(false);
    expect(publicUrlSchema(false).safeParse("http://127.0.0.1:9000/hook").success).toBe(false);
  });
});
