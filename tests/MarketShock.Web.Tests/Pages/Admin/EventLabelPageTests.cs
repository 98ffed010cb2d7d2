using System.Net;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>/admin/events: only for admins, antiforgery on every change, and adding, editing and deleting a label in Chromium.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class EventLabelPageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private readonly Files _files = new();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("companies", "companies.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "NVDA.csv")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("/admin/events")]
    [InlineData("/admin/events/edit")]
    [InlineData("/admin/events/edit/1")]
    public async Task The_label_pages_redirect_an_anonymous_visitor_to_sign_in(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/signin", new Uri(app.BaseAddress, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_label_posted_without_the_antiforgery_token_is_refused_and_not_stored()
    {
        using var client = await app.SignedInClientAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Ticker"] = "NVDA", ["Input.Date"] = "2025-01-27", ["Input.Label"] = "Selloff",
        });

        var response = await client.PostAsync(new Uri("/admin/events/edit", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM event_labels"));
    }

    [Fact]
    public async Task A_delete_posted_without_the_antiforgery_token_is_refused_and_the_label_stays()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("events.csv", "Ticker,Date,Label,Url\nNVDA,2025-01-27,Selloff,\n")));
        var id = await app.ScalarAsync<long>("SELECT id FROM event_labels");
        using var client = await app.SignedInClientAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>());

        var response = await client.PostAsync(new Uri($"/admin/events?handler=Delete&id={id}", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM event_labels"));
    }

    [Theory]
    [InlineData("AAPL", "2025-01-27", "Selloff", "", "Input.Ticker", "No company has this ticker")]
    [InlineData("NVDA", "27/01/2025", "Selloff", "", "Input.Date", "Not a date in the form yyyy-MM-dd")]
    [InlineData("NVDA", "2025-01-27", " ", "", "Input.Label", "A label is required")]
    [InlineData("NVDA", "2025-01-27", "Selloff", "javascript:alert(1)", "Input.Url", "The URL must start with http:// or https://")]
    public async Task A_bad_label_is_shown_again_with_the_message_beside_its_field_and_nothing_is_stored(
        string ticker, string date, string label, string url, string field, string says)
    {
        using var client = await app.SignedInClientAsync();
        var token = await client.FormTokenAsync("/admin/events/edit");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Ticker"] = ticker, ["Input.Date"] = date, ["Input.Label"] = label, ["Input.Url"] = url, ["__RequestVerificationToken"] = token,
        });

        var response = await client.PostAsync(new Uri("/admin/events/edit", UriKind.Relative), form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"""data-valmsg-for="{field}"[^>]*>{System.Text.RegularExpressions.Regex.Escape(says)}""", html);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM event_labels"));
    }

    [Fact]
    public async Task An_admin_adds_edits_and_deletes_a_label_in_the_browser_and_the_list_and_the_api_follow()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        var page = tab.Page;
        await tab.SignInAsync(app.BaseAddress, "/admin/events");
        using var api = app.CreateClient();

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a label" }).ClickAsync();
        await page.GetByLabel("Ticker").FillAsync("nvda");
        await page.GetByLabel("Date").FillAsync("2025-01-27");
        await page.GetByLabel("Label").FillAsync("DeepSeek <R1> selloff");
        await page.GetByLabel("Link").FillAsync("https://example.com/r1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the label" }).ClickAsync();
        await tab.ArrivedAtAsync(new Uri(app.BaseAddress, "/admin/events"));

        Assert.Equal("Added the label of NVDA 2025-01-27.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        var link = page.Locator("#event-labels tbody tr").First.GetByRole(AriaRole.Link, new() { Name = "DeepSeek <R1> selloff" });
        Assert.Equal(("https://example.com/r1", "nofollow noopener"), (await link.GetAttributeAsync("href"), await link.GetAttributeAsync("rel")));
        Assert.Equal("DeepSeek <R1> selloff", await LabelInApiAsync(api));
        var added = await ShareTagsAsync(api);
        Assert.StartsWith("DeepSeek <R1> selloff. ", added.Description);
        var addedCard = await api.GetByteArrayAsync(added.Image);

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit the label of NVDA 2025-01-27" }).ClickAsync();
        Assert.Equal("NVDA", await page.GetByLabel("Ticker").InputValueAsync());
        await page.GetByLabel("Label").FillAsync("DeepSeek selloff");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the label" }).ClickAsync();
        await tab.ArrivedAtAsync(new Uri(app.BaseAddress, "/admin/events"));

        Assert.Equal(["DeepSeek selloff"], await page.Locator("#event-labels tbody th").AllInnerTextsAsync());
        Assert.Equal("DeepSeek selloff", await LabelInApiAsync(api));
        // The permalink's description says the new label, and its card address changes so that an unfurler fetches the new card.
        var edited = await ShareTagsAsync(api);
        Assert.StartsWith("DeepSeek selloff. ", edited.Description);
        Assert.NotEqual(added.Image, edited.Image);
        Assert.NotEqual(addedCard, await api.GetByteArrayAsync(edited.Image));

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the label of NVDA 2025-01-27" }).ClickAsync();
        await tab.ArrivedAtAsync(new Uri(app.BaseAddress, "/admin/events"));

        Assert.Equal("Deleted the label of NVDA 2025-01-27.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Equal(0, await page.Locator("#event-labels").CountAsync());
        Assert.Null(await LabelInApiAsync(api));
        Assert.Equal(["event-label.added", "event-label.edited", "event-label.deleted"],
            (await app.ScalarAsync<string[]>("SELECT array_agg(action || ' ' || who ORDER BY id) FROM audit_entries WHERE action LIKE 'event-label.%'"))
                .Select(a => a.Replace($" {AdminSession.Email}", "", StringComparison.Ordinal)));
        Assert.Empty(tab.Problems);
    }

    /// <summary>The permalink's og:description and og:image, as an unfurler reads them.</summary>
    private static async Task<(string Description, string Image)> ShareTagsAsync(HttpClient api)
    {
        var tags = Cards.CardChecks.MetaTags(await api.GetStringAsync("/companies/NVDA/2025-01-27"));
        return (tags["og:description"], tags["og:image"]);
    }

    private static async Task<string?> LabelInApiAsync(HttpClient api)
    {
        var day = await Api.ApiData.GetJsonAsync(api, "/api/companies/NVDA/2025-01-27");
        return day.GetProperty("label").GetString();
    }
}
