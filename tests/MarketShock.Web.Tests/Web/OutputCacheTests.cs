using System.Net;
using System.Net.Http.Headers;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using MarketShock.Tests.Pages.Admin;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MarketShock.Tests.Web;

/// <summary>
/// A site with its output cache on, as it runs by default: anonymous pages and API answers are served from the cache until
/// an import or an admin's edit changes the data, and then at once fresh; admin pages and the health check never are. The
/// API's answers carry an ETag, and pages are compressed outside /admin.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class OutputCacheTests(AppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan Eviction = TimeSpan.FromSeconds(10);

    private readonly WebApplicationFactory<Program> _site = new WebApplicationFactory<Program>()
        .WithWebHostBuilder(host => host.UseSetting("MarketShock:OutputCache:Enabled", "true"));

    private AppFixture App { get; } = app;

    private Files Files { get; } = new();

    public Task InitializeAsync() => App.ResetAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Files.Dispose();
    }

    [Theory]
    [InlineData("/shocks")]
    [InlineData("/api/shocks")]
    public async Task A_response_is_served_from_the_cache_until_an_import_changes_the_data(string path)
    {
        using var client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var first = await client.GetAsync(new Uri(path, UriKind.Relative));
        var empty = await first.Content.ReadAsStringAsync();
        Assert.Null(first.Headers.Age);
        using var again = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.NotNull(again.Headers.Age);
        Assert.Equal(empty, await again.Content.ReadAsStringAsync());
        Assert.DoesNotContain("BBB", empty, StringComparison.Ordinal);

        await ThreeCompanies.ImportAsync(App, Files);

        var deadline = DateTime.UtcNow + Eviction;
        string body;
        do
        {
            body = await client.GetStringAsync(new Uri(path, UriKind.Relative));
            if (body.Contains("BBB", StringComparison.Ordinal))
                return;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"{path} still showed the data from before the import {Eviction.TotalSeconds} s after it");
    }

    [Fact]
    public async Task A_company_edited_by_an_admin_is_shown_fresh_at_once_on_the_cached_pages()
    {
        await ThreeCompanies.ImportAsync(App, Files);
        await App.CreateAdminAsync();
        using var reader = _site.CreateClient();
        Assert.Contains("Alpha Inc", await reader.GetStringAsync(new Uri("/companies", UriKind.Relative)), StringComparison.Ordinal);
        using var cached = await reader.GetAsync(new Uri("/companies", UriKind.Relative));
        Assert.NotNull(cached.Headers.Age);

        using var admin = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(AdminSession.Email, AdminSession.Password)).StatusCode);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "Alpha Renamed", ["Input.Sector"] = "Technology", ["__RequestVerificationToken"] = await admin.FormTokenAsync("/admin/companies/AAA"),
        });
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(new Uri("/admin/companies/AAA", UriKind.Relative), form)).StatusCode);

        var deadline = DateTime.UtcNow + Eviction;
        do
        {
            if ((await reader.GetStringAsync(new Uri("/companies", UriKind.Relative))).Contains("Alpha Renamed", StringComparison.Ordinal))
                return;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"/companies still showed the old name {Eviction.TotalSeconds} s after the edit");
    }

    [Fact]
    public async Task An_import_that_changes_nothing_leaves_the_cache_alone()
    {
        await ThreeCompanies.ImportAsync(App, Files);
        using var client = _site.CreateClient();
        await client.GetAsync(new Uri("/shocks", UriKind.Relative));

        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("again.csv", ThreeCompanies.Companies)));
        await Task.Delay(500);

        using var cached = await client.GetAsync(new Uri("/shocks", UriKind.Relative));
        Assert.NotNull(cached.Headers.Age);
    }

    [Theory]
    [InlineData("/admin/signin")]
    [InlineData("/healthz")]
    public async Task Admin_pages_and_the_health_check_are_never_cached(string path)
    {
        using var client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.GetAsync(new Uri(path, UriKind.Relative));

        using var again = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Null(again.Headers.Age);
    }

    [Fact]
    public async Task The_API_answers_with_an_ETag_and_304_to_a_client_that_has_it()
    {
        await ThreeCompanies.ImportAsync(App, Files);
        using var client = _site.CreateClient();
        using var first = await client.GetAsync(new Uri("/api/shocks?limit=2", UriKind.Relative));
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        // Weak: the Brotli body is another representation of the same answer, under the same tag.
        Assert.True(tag.IsWeak);
        using var compressed = new HttpRequestMessage(HttpMethod.Get, "/api/shocks?limit=2");
        compressed.Headers.AcceptEncoding.ParseAdd("br");
        using var brotli = await client.SendAsync(compressed);
        Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
        Assert.Equal(tag, brotli.Headers.ETag);

        foreach (var encoding in new[] { "identity", "br", "identity" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/shocks?limit=2");
            request.Headers.IfNoneMatch.Add(tag);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var notModified = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
        using var other = await client.GetAsync(new Uri("/api/shocks?limit=3", UriKind.Relative));
        Assert.NotEqual(tag, other.Headers.ETag);
    }

    [Theory]
    [InlineData("/shocks", "br")]
    [InlineData("/api/shocks", "br")]
    [InlineData("/shocks", "gzip")]
    public async Task Reader_pages_and_the_API_are_compressed_for_a_client_that_accepts_it(string path, string encoding)
    {
        using var client = _site.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await client.SendAsync(request);

        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Admin_pages_are_not_compressed()
    {
        using var client = _site.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/signin");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }
}
