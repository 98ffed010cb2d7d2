using System.Net;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MarketShock.Tests.Web;

/// <summary>
/// Every kind of response carries the security headers: pages, redirects, not-found pages, the API and its problems, static
/// files, cards, CSV, health and the admin side. (The browser tests load every reader page under this policy: a script or
/// style it refused would be a console error, which they report.)
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SecurityHeadersTests(AppFixture app) : ApiTestBase(app)
{
    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/shocks", HttpStatusCode.OK)]
    [InlineData("/companies/AAA/2025-01-07", HttpStatusCode.OK)]
    [InlineData("/companies/aaa/2025-01-07", HttpStatusCode.MovedPermanently)]
    [InlineData("/companies/NOPE", HttpStatusCode.NotFound)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/api/shocks?limit=1", HttpStatusCode.OK)]
    [InlineData("/api/companies/NOPE/2025-01-07", HttpStatusCode.NotFound)]
    [InlineData("/shocks.csv", HttpStatusCode.OK)]
    [InlineData("/companies/AAA/2025-01-07/card.png", HttpStatusCode.OK)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/admin", HttpStatusCode.Redirect)]
    [InlineData("/admin/signin", HttpStatusCode.OK)]
    public async Task Every_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        var csp = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'none'", csp["base-uri"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.DoesNotContain(csp.Values, v => v.Contains("unsafe-", StringComparison.Ordinal));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.False(response.Headers.Contains("Server"), "the response names its server");
        // Development, and plain HTTP: a browser must not be told to insist on HTTPS for localhost.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_post_refused_for_its_missing_antiforgery_token_carries_them_too()
    {
        using var response = await Client.PostAsync(new Uri("/admin/signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@example.com", ["Password"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'self'", Directives(Header(response, "Content-Security-Policy"))["default-src"]);
    }

    [Fact]
    public async Task In_production_an_https_response_asks_for_https_for_a_year_and_a_plain_http_one_does_not()
    {
        // Not localhost, to which HSTS is never sent.
        await using var production = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host.UseEnvironment("Production"));
        using var https = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://marketshock.example") });
        using var http = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://marketshock.example") });

        using var secure = await https.GetAsync(new Uri("/shocks", UriKind.Relative));
        using var plain = await http.GetAsync(new Uri("/shocks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        var hsts = Directives(Header(secure, "Strict-Transport-Security"));
        Assert.True(long.Parse(hsts["max-age"], System.Globalization.CultureInfo.InvariantCulture) >= 365 * 24 * 60 * 60, $"max-age {hsts["max-age"]}");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("'none'", Directives(Header(plain, "Content-Security-Policy"))["object-src"]);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} has no {name} header");

    /// <summary>"default-src 'self'; img-src 'self' data:" as directive → its sources (also "max-age=31536000; includeSubDomains").</summary>
    private static Dictionary<string, string> Directives(string header) =>
        header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(d.Contains('=') && !d.Contains(' ') ? '=' : ' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
}
