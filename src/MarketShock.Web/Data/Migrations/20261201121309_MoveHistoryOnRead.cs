using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable
#pragma warning disable CA1861 // generated code: Up runs once

namespace MarketShock.Data.Migrations
{
    /// <summary>
    /// The figures that look along the whole series (the ranks in company, the recovery, the open drawdown) move from stored
    /// columns of daily_moves to the view daily_move_history, computed where they are read: a new day then writes its own row
    /// and no stored one. Worst-since stays stored, since it looks back only.
    /// </summary>
    public partial class MoveHistoryOnRead : Migration
    {
        /// <summary>The view as this migration creates it (RankedAndSuspectedSplits restores it on the way down).</summary>
        internal const string CreateView = """
            CREATE VIEW daily_move_history AS
            SELECT m.company_id, m.date,
                   CASE WHEN m.market_cap_change IS NOT NULL AND NOT m.after_gap THEN 1 + (
                       SELECT count(*) FROM daily_moves w
                       WHERE w.company_id = m.company_id AND NOT w.after_gap AND w.market_cap_change < m.market_cap_change)::int END AS rank_by_loss,
                   CASE WHEN m.change IS NOT NULL AND NOT m.after_gap THEN 1 + (
                       SELECT count(*) FROM daily_moves w
                       WHERE w.company_id = m.company_id AND NOT w.after_gap AND w.change < m.change)::int END AS rank_by_change,
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
            migrationBuilder.DropColumn(
                name: "open_drawdown",
                table: "daily_moves");

            migrationBuilder.DropColumn(
                name: "rank_by_change",
                table: "daily_moves");

            migrationBuilder.DropColumn(
                name: "rank_by_loss",
                table: "daily_moves");

            migrationBuilder.DropColumn(
                name: "recovery_date",
                table: "daily_moves");

            migrationBuilder.DropColumn(
                name: "recovery_days",
                table: "daily_moves");

            migrationBuilder.AlterTable(
                name: "daily_moves")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

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

            // For one row, each figure is a few index probes: a count of the company's ranked changes (or ΔMs) below the
            // day's along the two indexes above, the first later close at or above the previous close, and the latest close.
            // Scalar subqueries rather than joins, so that a query reading one column (the leaderboard's rank) runs only its own.
            // A later migration that changes these columns of daily_moves drops the view and creates it again.
            migrationBuilder.Sql(CreateView);
        }

        /// <inheritdoc />
        /// <remarks>The restored columns are empty until <c>recompute</c> fills them.</remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW daily_move_history");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_ranked_by_change",
                table: "daily_moves");

            migrationBuilder.DropIndex(
                name: "ix_daily_moves_ranked_by_loss",
                table: "daily_moves");

            migrationBuilder.AlterTable(
                name: "daily_moves")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AddColumn<double>(
                name: "open_drawdown",
                table: "daily_moves",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rank_by_change",
                table: "daily_moves",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rank_by_loss",
                table: "daily_moves",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "recovery_date",
                table: "daily_moves",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "recovery_days",
                table: "daily_moves",
                type: "integer",
                nullable: true);
        }
    }
}
