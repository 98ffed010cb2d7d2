using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; } = 500;
    public string? RequestId { get; private set; }

    /// <summary>For a 400: what was wrong with the request, when it is known (<see cref="QueryGuard"/>).</summary>
    public string? Reason { get; private set; }

    /// <summary>For a 429: the seconds until the client may try again.</summary>
    public int? RetryAfterSeconds { get; private set; }

    /// <summary>For a 403 of an admin page over plain HTTP: the HTTPS address to use.</summary>
    public string? HttpsAddress { get; private set; }

    // A refused POST (a rate-limited sign-in or upload) is re-executed as a POST.
    public void OnPost(int? status) => OnGet(status);

    public void OnGet(int? status)
    {
        // After an exception the handler has set the status: 503 when the database did not answer.
        Status = status ?? (Response.StatusCode >= 400 ? Response.StatusCode : 500);
        if (Status == StatusCodes.Status503ServiceUnavailable)
            Data.DatabaseStartupServices.AskToRetry(HttpContext);
        Response.StatusCode = Status;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        Reason = HttpContext.Items[QueryGuard.ReasonItem] as string;
        RetryAfterSeconds = HttpContext.Items[MarketShock.Admin.RateLimits.RetryAfterItem] as int?;
        HttpsAddress = HttpContext.Items[MarketShock.Admin.AdminServices.NeedsHttpsItem] as string;
    }
}
