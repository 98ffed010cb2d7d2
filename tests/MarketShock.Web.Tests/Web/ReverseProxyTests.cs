using System.Text.Json;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace MarketShock.Tests.Web;

/// <summary>
/// Behind a reverse proxy the permalinks carry the public scheme and host, taken from X-Forwarded-Proto and -Host only when
/// the request comes from a proxy the configuration names (loopback when it names none): from anyone else they are ignored.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ReverseProxyTests(AppFixture app) : ApiTestBase(app)
{
    [Fact]
    public async Task From_a_loopback_proxy_by_default_permalinks_carry_the_forwarded_scheme_and_host_and_HSTS_follows_in_Production()
    {
        Assert.StartsWith("https://marketshock.example/companies/", await FirstPermalinkAsync(Client), StringComparison.Ordinal);

        await using var production = KestrelSite.Start(host => host.UseEnvironment("Production"));
        using var response = await Forwarded(production.Client, "/shocks");
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "no HSTS on a request that was HTTPS at the proxy");
    }

    [Fact]
    public async Task From_an_address_that_is_not_a_named_proxy_the_forwarded_headers_are_ignored()
    {
        await using var site = KestrelSite.Start(host => host.UseSetting("MarketShock:Proxies:0", "10.9.9.9, 192.168.0.0/16"));

        var permalink = await FirstPermalinkAsync(site.Client);

        Assert.StartsWith($"{site.Client.BaseAddress!.GetLeftPart(UriPartial.Authority)}/companies/", permalink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_entry_that_is_not_an_address_stops_the_start_with_its_name()
    {
        var result = await App.RunAsync([], new Dictionary<string, string>
        {
            ["MarketShock__Proxies__0"] = "proxy.internal", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("proxy.internal", result.Error, StringComparison.Ordinal);
        Assert.Contains("is neither an IP address nor a network such as 10.0.0.0/8.", result.Error, StringComparison.Ordinal);
    }

    private static async Task<string> FirstPermalinkAsync(HttpClient client)
    {
        using var response = await Forwarded(client, "/api/shocks?limit=1");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("items")[0].GetProperty("permalink").GetString()!;
    }

    private static Task<HttpResponseMessage> Forwarded(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "marketshock.example");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return client.SendAsync(request);
    }
}
