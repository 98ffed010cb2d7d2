using System.Net;
using System.Text.RegularExpressions;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>/admin/companies: editing a company's name, sector, industry and exchange, and the reader pages following at once.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed partial class CompanyEditPageTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const string Hostile = "<script>alert(1)</script>";
    private readonly Files _files = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("companies", "companies.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "NVDA.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "AMD.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", "Ticker,Date,Shares\nNVDA,2024-11-15,24490000000\nAMD,2024-10-25,1620000000\n")));
        _admin = await app.SignedInClientAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task The_list_shows_every_company_with_its_fields_and_a_link_to_edit_it()
    {
        var text = AdminSession.Text(await _admin.TextAsync("/admin/companies"));

        Assert.Contains("3 companies", text, StringComparison.Ordinal);
        Assert.Contains("NVDA NVIDIA Corporation Technology Semiconductors NASDAQ Edit", text, StringComparison.Ordinal);
        Assert.Matches("""<a [^>]*href="/admin/companies/NVDA"[^>]*>Edit</a>""", await _admin.TextAsync("/admin/companies"));
    }

    [Fact]
    public async Task A_new_sector_shows_at_once_on_the_company_page_the_leaderboard_and_the_market_days_sector_figures()
    {
        using var reader = app.CreateClient();
        Assert.Equal(["Technology"], await SectorsAsync(reader));
        Assert.DoesNotContain("NVDA 2025-01-27", await BoardAsync(reader, "Semiconductors"));

        var response = await SaveAsync("NVDA", name: "NVIDIA Corporation", sector: "Semiconductors", industry: "Semiconductors", exchange: "NASDAQ");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/companies", response.Headers.Location!.OriginalString);
        Assert.Contains("Saved NVDA.", AdminSession.Text(await _admin.TextAsync("/admin/companies")), StringComparison.Ordinal);
        Assert.Contains("Semiconductors ·", AdminSession.Text(await reader.TextAsync("/companies/NVDA")), StringComparison.Ordinal);
        Assert.Contains("NVDA 2025-01-27", await BoardAsync(reader, "Semiconductors"));
        Assert.DoesNotContain("NVDA 2025-01-27", await BoardAsync(reader, "Technology"));
        // The market day's sectors are regrouped: NVDA's loss now counts under its new sector, AMD alone under the old one.
        Assert.Equal(["Semiconductors", "Technology"], await SectorsAsync(reader));
        var day = await reader.GetJsonAsync("/api/days/2025-01-27");
        var sectors = day.GetProperty("sectors").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("companies").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Semiconductors"] = 1, ["Technology"] = 1 }, sectors);
        Assert.Contains("Semiconductors", AdminSession.Text(await reader.TextAsync("/days/2025-01-27")), StringComparison.Ordinal);
        var audit = AuditPageTests.Rows(await _admin.TextAsync("/admin/audit"))[0];
        Assert.Equal(("company.edited", "NVDA: sector Technology → Semiconductors", AdminSession.Email), (audit.Action, audit.What, audit.Who));
    }

    [Fact]
    public async Task A_hostile_name_comes_back_encoded_on_the_pages_and_intact_in_the_api_and_the_csv()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync("NVDA", name: Hostile, sector: "Technology", industry: "", exchange: "NASDAQ")).StatusCode);
        using var reader = app.CreateClient();

        foreach (var page in new[] { "/companies/NVDA", "/shocks?shocksOnly=false", "/companies/NVDA/2025-01-27", "/admin/companies", "/admin/audit" })
        {
            var html = await (page.StartsWith("/admin", StringComparison.Ordinal) ? _admin : reader).TextAsync(page);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        }
        // JSON, never sniffed as a page: the name is a string value, as typed.
        var api = await reader.GetAsync(new Uri("/api/shocks?ticker=NVDA&shocksOnly=false", UriKind.Relative));
        Assert.Equal("application/json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", api.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Hostile, (await reader.GetJsonAsync("/api/shocks?ticker=NVDA&shocksOnly=false")).GetProperty("items")[0].GetProperty("name").GetString());
        var csv = await reader.GetAsync(new Uri("/shocks.csv?ticker=NVDA&shocksOnly=false", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains($",{Hostile},Technology,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.ScalarAsync<bool>("SELECT industry IS NULL FROM companies WHERE ticker = 'NVDA'"));
    }

    /// <summary>Every field an admin sets, hostile at once: no page, reader's or admin's, lets any of them out as markup
    /// (in the HTML, the chart data blocks or the card's meta tags).</summary>
    [Fact]
    public async Task Hostile_sector_industry_exchange_and_name_never_come_back_as_markup_on_any_page()
    {
        var (name, sector, industry, exchange) = ($"{Hostile}N", $"{Hostile}S", $"</script><script>alert(2)</script>I", $"\"><img src=x onerror=alert(3)>");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync("NVDA", name, sector, industry, exchange)).StatusCode);
        using var reader = app.CreateClient();
        var sectorQuery = Uri.EscapeDataString(sector);

        foreach (var page in new[]
                 {
                     "/", "/shocks?shocksOnly=false", $"/shocks?sector={sectorQuery}&shocksOnly=false", "/companies", "/companies/NVDA",
                     "/companies/NVDA/2025-01-27", "/companies/AMD/2025-01-27", "/days/2025-01-27",
                     "/compare?events=NVDA:2025-01-27,AMD:2025-01-27", "/admin/companies", "/admin/companies/NVDA", "/admin/audit",
                 })
        {
            var html = await (page.StartsWith("/admin", StringComparison.Ordinal) ? _admin : reader).TextAsync(page);
            foreach (var markup in new[] { "<script>alert", "<img src=x", "\"><img" })
                Assert.False(html.Contains(markup, StringComparison.Ordinal), $"{page} has {markup}");
        }
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;N", await reader.TextAsync("/companies/NVDA"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  ", "Technology", "Input.Name", "A company name is required.")]
    [InlineData("NVIDIA", "", "Input.Name", "")]
    public async Task A_bad_edit_is_shown_again_with_its_message_and_changes_nothing(string name, string sector, string field, string says)
    {
        // The second case: a name one character over the import's limit.
        if (says.Length == 0)
            (name, says) = (new string('N', 201), "The name is longer than 200 characters (201).");
        var response = await SaveAsync("NVDA", name, sector, industry: "Semiconductors", exchange: "NASDAQ");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"""data-valmsg-for="{field}"[^>]*>{Regex.Escape(says)}""", html);
        Assert.Equal(("NVIDIA Corporation", "Technology"), await NameAndSectorAsync());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'company.edited'"));
    }

    [Fact]
    public async Task A_sector_over_the_limit_is_refused()
    {
        var response = await SaveAsync("NVDA", "NVIDIA", new string('S', 101), industry: "", exchange: "");

        Assert.Matches("""data-valmsg-for="Input.Sector"[^>]*>The sector is longer than 100 characters""", await response.Content.ReadAsStringAsync());
        Assert.Equal(("NVIDIA Corporation", "Technology"), await NameAndSectorAsync());
    }

    [Fact]
    public async Task An_edit_posted_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "Hijacked", ["Input.Sector"] = "Other" });

        var response = await _admin.PostAsync(new Uri("/admin/companies/NVDA", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("NVIDIA Corporation", "Technology"), await NameAndSectorAsync());
    }

    [Fact]
    public async Task The_edit_page_of_an_unknown_ticker_is_not_found_and_another_spelling_redirects()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync(new Uri("/admin/companies/AAPL", UriKind.Relative))).StatusCode);
        var lower = await _admin.GetAsync(new Uri("/admin/companies/nvda", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, lower.StatusCode);
        Assert.Equal("/admin/companies/NVDA", lower.Headers.Location!.OriginalString);
    }

    private async Task<HttpResponseMessage> SaveAsync(string ticker, string name, string sector, string industry, string exchange)
    {
        var path = $"/admin/companies/{ticker}";
        var token = await _admin.FormTokenAsync(path);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Sector"] = sector, ["Input.Industry"] = industry, ["Input.Exchange"] = exchange, ["__RequestVerificationToken"] = token,
        });
        return await _admin.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    private async Task<(string, string)> NameAndSectorAsync() =>
        (await app.ScalarAsync<string>("SELECT name FROM companies WHERE ticker = 'NVDA'"),
         await app.ScalarAsync<string>("SELECT coalesce(sector, '—') FROM companies WHERE ticker = 'NVDA'"));

    /// <summary>The sectors of the market day 2025-01-27 in the API.</summary>
    private static async Task<string[]> SectorsAsync(HttpClient reader) =>
        [.. (await reader.GetJsonAsync("/api/days/2025-01-27")).GetProperty("sectors").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Order()];

    /// <summary>The leaderboard page's rows for one sector, every down day, as "TICKER date".</summary>
    private static async Task<List<string>> BoardAsync(HttpClient reader, string sector) =>
        [.. BoardRow().Matches(await reader.TextAsync($"/shocks?sector={sector}&shocksOnly=false")).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}")];

    [GeneratedRegex("""<tr data-ticker="([^"]+)" data-date="([^"]+)">""")]
    private static partial Regex BoardRow();
}
