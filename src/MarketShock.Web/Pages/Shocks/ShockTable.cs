using MarketShock.Market;

namespace MarketShock.Pages.Shocks;

/// <summary>What Shared/_ShockTable.cshtml draws: leaderboard rows, numbered from <paramref name="FirstPosition"/>.</summary>
/// <param name="MarkShocks">When the rows are not all shocks: the rule that picks the ones to badge.</param>
internal sealed record ShockTable(string Id, string Caption, IReadOnlyList<ShockBoard.Row> Rows, int FirstPosition = 1, ShockOptions? MarkShocks = null);
