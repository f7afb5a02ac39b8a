using Manyi.Cli.Input;
using MiniExcelLibs;

namespace Manyi.Cli.Tests;

public class InputTableTests
{
    [Fact]
    public void Load_CsvWithBom_ReadsHeaderWithoutBom()
    {
        var path = CliRun.TempFile("score,segment\n9,A\n10,B\n", bom: true);
        var table = InputTable.Load(path);
        Assert.Equal(["score", "segment"], table.Columns);
        Assert.Equal(0, table.Column("score"));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(3, table.Rows[1].Line);
    }

    [Fact]
    public void Load_RaggedRow_NamesFileAndLine()
    {
        var path = CliRun.TempFile("a,b\n1,2\n3\n");
        var e = Assert.Throws<InputException>(() => InputTable.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFile_SaysEmpty()
    {
        var path = CliRun.TempFile("");
        var e = Assert.Throws<InputException>(() => InputTable.Load(path));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Number_TextInNumericColumn_NamesLineColumnAndValue()
    {
        var path = CliRun.TempFile("a,b\n1,2\n3,abc\n");
        var table = InputTable.Load(path);
        var e = Assert.Throws<InputException>(() => table.Number(table.Rows[1], table.Column("b")));
        Assert.Equal($"{path}, line 3, column 'b': 'abc' is not a number", e.Message);
    }

    [Fact]
    public void Column_Missing_ListsExistingColumns()
    {
        var table = InputTable.Load(CliRun.TempFile("a,b\n1,2\n"));
        var e = Assert.Throws<InputException>(() => table.Column("c"));
        Assert.Contains("missing column 'c'", e.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Excel_ReadsNumbersInvariantly()
    {
        var path = Path.Combine(CliRun.TempDirectory, $"manyi-test-{Guid.NewGuid():N}.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object> { ["score"] = 9.5, ["name"] = "张三" },
            new Dictionary<string, object> { ["score"] = 7, ["name"] = "Li" },
        });
        var table = InputTable.Load(path);
        Assert.Equal(["score", "name"], table.Columns);
        Assert.Equal(9.5, table.Number(table.Rows[0], 0));
        Assert.Equal("张三", InputTable.Text(table.Rows[0], 1));
        Assert.Equal(3, table.Rows[1].Line);
    }

    [Fact]
    public void Load_NotUtf8_SaysSo()
    {
        var path = Path.Combine(CliRun.TempDirectory, $"manyi-test-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, [(byte)'a', (byte)'\n', 0xC4, 0xE3, (byte)'\n']);
        var e = Assert.Throws<InputException>(() => InputTable.Load(path));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }
}
