using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable
#pragma warning disable CA1861 // generated code: Up runs once

namespace MarketShock.Data.Migrations
{
    /// <summary>
    /// A stored <c>ranked</c> flag (a change, not after a gap, not a suspected split) and <c>suspected_split</c> (a move of a
    /// common split ratio on a day without a recorded split), which the rankings, σ and the market's totals leave out; worst-since
    /// moves to the view daily_move_history, so that an import writes each move once. The derived tables are emptied: the app
    /// recomputes them from the stored prices when it starts (ShockAnalytics.RecomputeIfMissingAsync).
    /// </summary>
    public partial class RankedAndSuspectedSplits : Migration
    {
        // For one row, each figure is a few index probes along the company's ranked days (the two partial indexes by change and
        // by ΔM) or its dates (the primary key). Scalar subqueries rather than joins, so that a query reading one column (the
        // leaderboard's rank) runs only its own. A later migration that changes these columns of daily_moves drops the view
        // and creates it again.
        internal const string CreateView = """
            CREATE VIEW daily_move_history AS
            SELECT m.company_id, m.date,
                   CASE WHEN m.market_cap_change IS NOT NULL AND m.ranked THEN 1 + (
                       SELECT count(*) FROM daily_moves w
                       WHERE w.company_id = m.company_id AND w.ranked AND w.market_cap_change < m.market_cap_change)::int END AS rank_by_loss,
                   CASE WHEN m.ranked THEN 1 + (
                       SELECT count(*) FROM daily_moves w
                       WHERE w.company_id = m.company_id AND w.ranked AND w.change < m.change)::int END AS rank_by_change,
                   CASE WHEN m.ranked AND m.change < 0 THEN (
                       SELECT w.date FROM daily_moves w
                       WHERE w.company_id = m.company_id AND w.ranked AND w.change <= m.change AND w.date < m.date
                       ORDER BY w.date DESC LIMIT 1)
                   END AS worst_since,
                   CASE WHEN m.change < 0 THEN (
                       SELECT d.date FROM daily_moves d
                       WHERE d.company_id = m.company_id AND d.date > m.date AND d.close >= m.previous_close ORDER BY d.date LIMIT 1)
                   END AS recovery_date,
                   -- At least 1 when recovered (the recovery is a later day), so 0 means not recovered.
                   CASE WHEN m.change < 0 THEN (
                       SELECT nullif(count(*), 0)::int FROM daily_moves d
                       WHERE d.company_id = m.company_id AND d.date > m.date AND d.date <= (
                           SELECT r.date FROM daily_moves r
                           WHERE r.company_id = m.company_id AND r.date > m.date AND r.close >= m.previous_close ORDER BY r.date LIMIT 1))
                   END AS recovery_days,
                   CASE WHEN m.change < 0 AND NOT EXISTS (
                           SELECT 1 FROM daily_moves r WHERE r.company_id = m.company_id AND r.date > m.date AND r.close >= m.previous_close)
                       THEN ((SELECT l.close FROM daily_moves l WHERE l.company_id = m.company_id ORDER BY l.date DESC LIMIT 1) / m.previous_close - 1)::float8
                   END AS open_drawdown
            FROM daily_moves m
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW daily_move_history");
            migrationBuilder.Sql("TRUNCATE daily_moves, market_days");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_ranked_by_change",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_ranked_by_loss",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_change",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_loss",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves");

            migrationBuilder.DropColumn(
                name: "worst_since",
                table: "daily_moves");

            migrationBuilder.AddColumn<bool>(
                name: "ranked",
                table: "daily_moves",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "suspected_split",
                table: "daily_moves",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_ranked_by_change",
                table: "daily_moves",
                columns: new[] { "company_id", "change" },
                filter: "ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_ranked_by_loss",
                table: "daily_moves",
                columns: new[] { "company_id", "market_cap_change" },
                filter: "market_cap_change IS NOT NULL AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_change",
                table: "daily_moves",
                column: "change",
                filter: "change < 0 AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_loss",
                table: "daily_moves",
                column: "market_cap_change",
                filter: "change < 0 AND ranked");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves",
                column: "z_score",
                filter: "change < 0 AND ranked");

            migrationBuilder.Sql(CreateView);
        }

        /// <inheritdoc />
        /// <remarks>The derived tables are emptied again; the app recomputes them when it starts.</remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW daily_move_history");
            migrationBuilder.Sql("TRUNCATE daily_moves, market_days");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_ranked_by_change",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_ranked_by_loss",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_change",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_loss",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves");

            migrationBuilder.DropColumn(
                name: "ranked",
                table: "daily_moves");

            migrationBuilder.DropColumn(
                name: "suspected_split",
                table: "daily_moves");

            migrationBuilder.AddColumn<DateOnly>(
                name: "worst_since",
                table: "daily_moves",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_ranked_by_change",
                table: "daily_moves",
                columns: new[] { "company_id", "change" },
                filter: "change IS NOT NULL AND NOT after_gap");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_ranked_by_loss",
                table: "daily_moves",
                columns: new[] { "company_id", "market_cap_change" },
                filter: "market_cap_change IS NOT NULL AND NOT after_gap");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_change",
                table: "daily_moves",
                column: "change",
                filter: "change < 0 AND NOT after_gap");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_loss",
                table: "daily_moves",
                column: "market_cap_change",
                filter: "change < 0 AND NOT after_gap");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves",
                column: "z_score",
                filter: "change < 0 AND NOT after_gap");

            migrationBuilder.Sql(MoveHistoryOnRead.CreateView);
        }
    }
}
