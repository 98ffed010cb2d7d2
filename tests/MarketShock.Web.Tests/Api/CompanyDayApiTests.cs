using System.Text.Json;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>GET /api/companies/{ticker}/{date}: every figure of one company-day of <see cref="ThreeCompanies"/>.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompanyDayApiTests(AppFixture app) : ApiTestBase(app)
{
    [Fact]
    public async Task A_company_day_gives_every_figure_of_the_worst_day()
    {
        var day = await Client.GetJsonAsync("/api/companies/BBB/2025-01-09");

        ApiData.AssertHasProperties(day, "ticker", "name", "sector", "date", "previousDate", "close", "previousClose", "changePct", "afterGap",
            "shares", "sharesApproximate", "marketCap", "marketCapBefore", "marketCapChange", "marketCapApproximate", "volatilityPct", "sigma",
            "zScore", "rankInCompany", "rankByLoss", "rankByChange", "rankedDays", "worstSince", "worstInData", "firstDate", "recoveryDate",
            "recoveryTradingDays", "openDrawdownPct", "permalink", "market", "otherCompanies");
        Assert.Equal(("BBB", "Beta Corp", "Consumer Cyclical", "2025-01-09", "2025-01-08"),
            (day.Text("ticker"), day.Text("name"), day.Text("sector"), day.Text("date"), day.Text("previousDate")));
        // 200 → 176: −12%; 500 shares: M = 88,000, M_{t−1} = 100,000, ΔM = −12,000.
        Assert.Equal((176, 200, 500), (day.Number("close"), day.Number("previousClose"), day.GetProperty("shares").GetInt64()));
        Assert.Equal(-12.0, day.Number("changePct"), 9);
        Assert.Equal((88_000, 100_000, -12_000), (day.Number("marketCap"), day.Number("marketCapBefore"), day.Number("marketCapChange")));
        Assert.False(day.GetProperty("afterGap").GetBoolean() || day.GetProperty("sharesApproximate").GetBoolean()
            || day.GetProperty("marketCapApproximate").GetBoolean());
        ApiData.AssertNull(day, "volatilityPct", "sigma", "zScore");
        // Its worst day of four by both ΔM and r, and no earlier day was as bad.
        Assert.Equal((1, 1, 1, 4), (Int(day, "rankInCompany"), Int(day, "rankByLoss"), Int(day, "rankByChange"), Int(day, "rankedDays")));
        ApiData.AssertNull(day, "worstSince");
        Assert.True(day.GetProperty("worstInData").GetBoolean());
        Assert.Equal("2025-01-06", day.Text("firstDate"));
        // Never back to 200: the drawdown is still open, 172.48 / 200 − 1 = −13.76%.
        ApiData.AssertNull(day, "recoveryDate");
        Assert.Equal(-13.76, day.Number("openDrawdownPct"), 9);
        Assert.Equal(new Uri(App.BaseAddress, "/companies/BBB/2025-01-09").ToString(), day.Text("permalink"));
        // The market that day: AAA −1,000 and BBB −12,000 over 100,000 + 100,000 = −6.5%; CCC has no market cap.
        var market = day.GetProperty("market");
        Assert.Equal(-13_000, market.Number("totalMarketCapChange"));
        Assert.Equal(-6.5, market.Number("changePct"), 9);
        Assert.Equal((2, 0), (Int(market, "decliners"), Int(market, "advancers")));
        var others = day.GetProperty("otherCompanies");
        Assert.Equal(["AAA", "CCC"], others.Strings("ticker"));
        Assert.Equal(-1_000, others[0].Number("marketCapChange"));
        ApiData.AssertNull(others[1], "marketCapChange");
        Assert.Equal(10.0, others[1].Number("changePct"), 9);
    }

    [Fact]
    public async Task A_company_day_that_recovered_names_the_recovery_and_the_worst_day_since()
    {
        var crash = await Client.GetJsonAsync("/api/companies/AAA/2025-01-07");
        var later = await Client.GetJsonAsync("/api/companies/AAA/2025-01-10");

        // 100 → 90, back to 100 the next trading day.
        Assert.Equal("2025-01-08", crash.Text("recoveryDate"));
        Assert.Equal(1, Int(crash, "recoveryTradingDays"));
        ApiData.AssertNull(crash, "openDrawdownPct");
        // 99 → 94.05 is −5%, ΔM = −4.95 × 1,000 = −4,950: second worst; the latest earlier day at least as bad is 2025-01-07.
        Assert.Equal(-5.0, later.Number("changePct"), 9);
        Assert.Equal(-4_950, later.Number("marketCapChange"));
        Assert.Equal((2, 2), (Int(later, "rankByLoss"), Int(later, "rankByChange")));
        Assert.Equal("2025-01-07", later.Text("worstSince"));
        Assert.False(later.GetProperty("worstInData").GetBoolean());
    }

    [Fact]
    public async Task A_company_day_not_recovered_yet_has_no_recovery_trading_days()
    {
        var day = await Client.GetJsonAsync("/api/companies/BBB/2025-01-09");

        // 200 → 176, and no later close reaches 200 again.
        ApiData.AssertNull(day, "recoveryDate", "recoveryTradingDays");
    }

    [Fact]
    public async Task A_company_day_before_the_first_share_count_is_approximate_and_the_first_day_has_no_change()
    {
        var approximate = await Client.GetJsonAsync("/api/companies/BBB/2025-01-07");
        var first = await Client.GetJsonAsync("/api/companies/CCC/2025-01-06");

        Assert.True(approximate.GetProperty("sharesApproximate").GetBoolean());
        Assert.True(approximate.GetProperty("marketCapApproximate").GetBoolean());
        Assert.Equal(-4_000, approximate.Number("marketCapChange"));
        ApiData.AssertNull(first, "changePct", "previousClose", "previousDate");
        ApiData.AssertNull(first, "rankInCompany", "marketCap", "market");
    }

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();
}
