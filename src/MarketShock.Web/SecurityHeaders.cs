namespace MarketShock;

/// <summary>
/// The headers every response carries (pages, API, static files, cards, errors and redirects alike): a Content-Security-Policy
/// that lets the pages load only this site's own scripts, styles, images and data (every script is a file under
/// <c>wwwroot/js</c>; none is inline), no framing, no MIME sniffing, the origin alone as referrer to other sites, and no
/// browser feature the site does not use. Outside Development, HTTPS responses add HSTS for a year.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>A year, the least that HSTS preload lists accept.</summary>
    public const int HstsMaxAgeSeconds = 365 * 24 * 60 * 60;

    public static HeaderPolicyCollection Policy(IHostEnvironment environment)
    {
        var policy = new HeaderPolicyCollection()
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(coop => coop.SameOrigin())
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
                // The charts draw on canvases; a data: image is what a canvas exports.
                csp.AddImgSrc().Self().Data();
                csp.AddConnectSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().None();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
            })
            .AddPermissionsPolicyWithDefaultSecureDirectives();
        // The library sends it on HTTPS requests only, never to localhost. (Kestrel's Server header is turned off in Program.)
        if (!environment.IsDevelopment())
            policy.AddStrictTransportSecurityMaxAgeIncludeSubDomains(HstsMaxAgeSeconds);
        return policy;
    }
}
