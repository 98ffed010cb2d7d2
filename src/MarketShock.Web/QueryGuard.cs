namespace MarketShock;

/// <summary>
/// Refuses, with 400 and a message naming the parameter, a query string that no page or endpoint can mean: a control
/// character (NUL included, which PostgreSQL cannot store in text and answered with an error) or a value longer than
/// <see cref="MaxValueLength"/> characters. Each page and endpoint still checks the values it reads; this is the floor under
/// all of them, so that a parameter added later cannot carry such a value to the database.
/// </summary>
internal static class QueryGuard
{
    /// <summary>Longer than any ticker list, date or number a page takes (/compare's 8 events fit in about 150).</summary>
    public const int MaxValueLength = 1_000;

    /// <summary>Where the error responses find the reason: the site's error page, and the API's problem details.</summary>
    public const string ReasonItem = "MarketShock.QueryGuard.Reason";

    /// <summary>
    /// Answers a refused query with a bare 400 and its reason among the request's items: the error responses that follow
    /// (<see cref="Api.MarketApi.UseErrorResponses"/>) write the body, the site's error page or the API's problem details.
    /// </summary>
    public static IApplicationBuilder UseQueryGuard(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (Reason(http.Request.Query) is not { } reason)
            return next(http);
        http.Items[ReasonItem] = reason;
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Task.CompletedTask;
    });

    /// <summary>Puts a refused query's reason into the API's problem details as their detail.</summary>
    public static void ExplainProblem(ProblemDetailsContext problem)
    {
        if (problem.HttpContext.Items[ReasonItem] is string reason)
            problem.ProblemDetails.Detail = reason;
    }

    /// <summary>Why the query is refused, or null when every name and value is acceptable.</summary>
    public static string? Reason(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (name.Any(char.IsControl) || name.Length > MaxValueLength)
                return "A parameter's name holds a control character or is too long.";
            foreach (var value in values)
            {
                if (value is null)
                    continue;
                if (value.Any(char.IsControl))
                    return $"The parameter \"{name}\" holds a control character.";
                if (value.Length > MaxValueLength)
                    return $"The parameter \"{name}\" is {value.Length:N0} characters long; at most {MaxValueLength:N0} are accepted.";
            }
        }
        return null;
    }
}
