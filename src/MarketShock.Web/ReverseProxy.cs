using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MarketShock;

/// <summary>
/// Behind a reverse proxy: the client's address, scheme and host from the proxy's X-Forwarded-For, -Proto and -Host,
/// taken only from the proxies named in MarketShock:Proxies (addresses or networks such as 10.0.0.0/8) and, when none is
/// named, from loopback alone (ASP.NET Core's own default). So permalinks and card URLs carry the public https address,
/// HSTS is sent on what was an HTTPS request at the proxy, and the rate limits count the client, not the proxy.
/// </summary>
internal static class ReverseProxy
{
    public const string Section = "MarketShock:Proxies";

    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var named = Parse(configuration.GetSection(Section).Get<string[]>() ?? []);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            if (named.Proxies.Count + named.Networks.Count == 0)
                return;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in named.Proxies)
                options.KnownProxies.Add(proxy);
            foreach (var network in named.Networks)
                options.KnownIPNetworks.Add(network);
        });
        return services;
    }

    /// <summary>The entries as addresses and networks; each entry may also be a comma-separated list (one environment variable).</summary>
    private static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) Parse(IEnumerable<string> entries)
    {
        var (proxies, networks) = (new List<IPAddress>(), new List<System.Net.IPNetwork>());
        foreach (var entry in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (IPAddress.TryParse(entry, out var address))
                proxies.Add(address);
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else
                throw new InvalidOperationException($"{Section}: '{entry}' is neither an IP address nor a network such as 10.0.0.0/8.");
        }
        return (proxies, networks);
    }
}
