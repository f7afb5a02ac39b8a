using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Manyi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ServiceProjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PlannedEndAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BaselineSource = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    BaselineNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    InitialBaseline = table.Column<double>(type: "REAL", nullable: false),
                    WarningMargin = table.Column<double>(type: "REAL", nullable: false),
                    Hysteresis = table.Column<double>(type: "REAL", nullable: false),
                    SmoothingAlpha = table.Column<double>(type: "REAL", nullable: false),
                    CorrectionGain = table.Column<double>(type: "REAL", nullable: false),
                    MinimumPairs = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentStage = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentEstimate = table.Column<double>(type: "REAL", nullable: true),
                    EstimatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OpenAlertId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceProjects_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceProjects_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceProjects_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceProjects_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProjectStages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PlannedEndAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Factors = table.Column<string>(type: "TEXT", nullable: false),
                    Weights = table.Column<string>(type: "TEXT", nullable: false),
                    WeightsVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Baseline = table.Column<double>(type: "REAL", nullable: false),
                    Warning = table.Column<double>(type: "REAL", nullable: false),
                    EstimateAtClose = table.Column<double>(type: "REAL", nullable: true),
                    Actual = table.Column<double>(type: "REAL", nullable: true),
                    ActualNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Error = table.Column<double>(type: "REAL", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectStages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProjectStages_ServiceProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "ServiceProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CalibrationPairs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Scores = table.Column<string>(type: "TEXT", nullable: false),
                    Estimate = table.Column<double>(type: "REAL", nullable: false),
                    Actual = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalibrationPairs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalibrationPairs_ProjectStages_StageId",
                        column: x => x.StageId,
                        principalTable: "ProjectStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CalibrationPairs_ServiceProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "ServiceProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EstimateAtOpen = table.Column<double>(type: "REAL", nullable: false),
                    WarningAtOpen = table.Column<double>(type: "REAL", nullable: false),
                    Causes = table.Column<string>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClearedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EstimateAtClear = table.Column<double>(type: "REAL", nullable: true),
                    Lowest = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonitoringAlerts_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_MonitoringAlerts_ProjectStages_StageId",
                        column: x => x.StageId,
                        principalTable: "ProjectStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonitoringAlerts_ServiceProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "ServiceProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringReadings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FactorKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RawValue = table.Column<double>(type: "REAL", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    SmoothedScore = table.Column<double>(type: "REAL", nullable: false),
                    ObservedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExternalKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringReadings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonitoringReadings_ProjectStages_StageId",
                        column: x => x.StageId,
                        principalTable: "ProjectStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonitoringReadings_ServiceProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "ServiceProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProjectEstimates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Estimate = table.Column<double>(type: "REAL", nullable: false),
                    Baseline = table.Column<double>(type: "REAL", nullable: false),
                    Warning = table.Column<double>(type: "REAL", nullable: false),
                    ReadingId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectEstimates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProjectEstimates_ProjectStages_StageId",
                        column: x => x.StageId,
                        principalTable: "ProjectStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProjectEstimates_ServiceProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "ServiceProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StageCorrections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NextStageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Estimate = table.Column<double>(type: "REAL", nullable: false),
                    Actual = table.Column<double>(type: "REAL", nullable: false),
                    Error = table.Column<double>(type: "REAL", nullable: false),
                    BaselineBefore = table.Column<double>(type: "REAL", nullable: false),
                    BaselineAfter = table.Column<double>(type: "REAL", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    WeightsVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    WeightsBefore = table.Column<string>(type: "TEXT", nullable: false),
                    WeightsAfter = table.Column<string>(type: "TEXT", nullable: false),
                    Pairs = table.Column<int>(type: "INTEGER", nullable: false),
                    FitError = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageCorrections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StageCorrections_ProjectStages_StageId",
                        column: x => x.StageId,
                        principalTable: "ProjectStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageCorrections_ServiceProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "ServiceProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CalibrationPairs_ProjectId_At",
                table: "CalibrationPairs",
                columns: new[] { "ProjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CalibrationPairs_StageId",
                table: "CalibrationPairs",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringAlerts_CaseId",
                table: "MonitoringAlerts",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringAlerts_ProjectId_OpenedAt",
                table: "MonitoringAlerts",
                columns: new[] { "ProjectId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringAlerts_StageId",
                table: "MonitoringAlerts",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringReadings_ProjectId_ExternalKey",
                table: "MonitoringReadings",
                columns: new[] { "ProjectId", "ExternalKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringReadings_ProjectId_ObservedAt",
                table: "MonitoringReadings",
                columns: new[] { "ProjectId", "ObservedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringReadings_StageId",
                table: "MonitoringReadings",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_ProjectEstimates_ProjectId_At",
                table: "ProjectEstimates",
                columns: new[] { "ProjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ProjectEstimates_StageId",
                table: "ProjectEstimates",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_ProjectStages_ProjectId_Index",
                table: "ProjectStages",
                columns: new[] { "ProjectId", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProjects_CustomerId",
                table: "ServiceProjects",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProjects_OrganisationId_CustomerId",
                table: "ServiceProjects",
                columns: new[] { "OrganisationId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProjects_OrganisationId_UnitId_Status",
                table: "ServiceProjects",
                columns: new[] { "OrganisationId", "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProjects_OwnerId",
                table: "ServiceProjects",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProjects_UnitId",
                table: "ServiceProjects",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_StageCorrections_ProjectId_At",
                table: "StageCorrections",
                columns: new[] { "ProjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_StageCorrections_StageId",
                table: "StageCorrections",
                column: "StageId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CalibrationPairs");

            migrationBuilder.DropTable(
                name: "MonitoringAlerts");

            migrationBuilder.DropTable(
                name: "MonitoringReadings");

            migrationBuilder.DropTable(
                name: "ProjectEstimates");

            migrationBuilder.DropTable(
                name: "StageCorrections");

            migrationBuilder.DropTable(
                name: "ProjectStages");

            migrationBuilder.DropTable(
                name: "ServiceProjects");
        }
    }
}
