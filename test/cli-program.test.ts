import { expect } from "chai";
import { inProcessCli } from "./helpers/cli.js";
import { addLiveRule, base, rulesFixture } from "./helpers/rules.js";
import { EXPIRY_EPOCH, expiringFixture, networkHelpers, ref } from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;

describe("points CLI in-process: the program's assets, points by expiry and a member's tier", function () {
  it("lists the point assets with their class and tiers, and a member's status and next tier", async function () {
    const s = await loadFixture(rulesFixture);
    const cli = await inProcessCli(s);
    try {
      await addLiveRule(s, base);
      await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 120_000n, ref("R-1")); // 1,200
      const status = await s.status.getAddress();
      const assets = await cli.ok(["assets", "--status", status]);
      expect(assets).to.match(/spendable\s+MPT\s+Mall Points\s+0x[0-9a-fA-F]{40}\s+never expire/);
      expect(assets).to.match(/status\s+MST\s+Mall Status\s+0x[0-9a-fA-F]{40}\s+count 360 days; tiers Member 0, Silver 1000, Gold 5000/);
      expect(await cli.ok(["status", s.alice.address], { POINTS_STATUS: status })).to.equal(
        "1200 status points in the last 360 days: tier 1 (Silver)\n3800 more for Gold (5000)",
      );
      await cli.refuses(["status", s.alice.address], /which status points\?/);
      await cli.refuses(["status", s.alice.address, "--status", "nope"], /--status: "nope" is not an address/);
    } finally {
      await cli.close();
    }
  });

  it("shows an expiring program's points by epoch and what expires soon; a plain program's are said to never expire", async function () {
    const s = await loadFixture(expiringFixture);
    const cli = await inProcessCli(s);
    try {
      await s.token.connect(s.issuer).issue(s.alice.address, 30n, ref("e0"));
      await time.increase(EXPIRY_EPOCH);
      await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1"));
      const out = await cli.ok(["expiring", s.alice.address, "--within", "2d"]);
      expect(out).to.match(/0\s+30\s+\d{4}-\d\d-\d\d \d\d:\d\d/).and.match(/1\s+50/).and.include("30 MPT expire within 2 days");
      const json = JSON.parse(await cli.ok(["--json", "expiring", s.alice.address])) as { soon: string };
      expect(json.soon).to.equal("80");
      await cli.refuses(["expiring", s.alice.address, "--within", "2"], /--within: "2" is not a duration/);
    } finally {
      await cli.close();
    }
    const plain = await loadFixture(rulesFixture);
    const other = await inProcessCli(plain);
    try {
      await plain.token.connect(plain.issuer).issue(plain.alice.address, 5n, ref("x"));
      await other.refuses(["expiring", plain.alice.address], /this program's points never expire/);
    } finally {
      await other.close();
    }
  });
});
