package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmfDataTest {
    @TempDir
    Path dir;

    @Test
    void readsEpaFilesSkippingTrailingBlankRows() throws Exception {
        PmfData d = PmfTestData.baltimore();
        assertThat(d.rows()).isEqualTo(630);
        assertThat(d.cols()).isEqualTo(26);
        assertThat(d.species()).startsWith("PM2.5", "Aluminum");
        assertThat(d.x(0, 0)).isEqualTo(13.5);
        PmfData c = d.categorize(List.of("PM2.5"), List.of("OM"));
        assertThat(c.cols()).isEqualTo(25);
        assertThat(c.species()).doesNotContain("OM");
        assertThat(c.u(0, 0)).isEqualTo(3 * d.u(0, 0));
    }

    @Test
    void malformedCellNamesFileRowAndColumn() throws Exception {
        Path con = dir.resolve("con.csv");
        Files.writeString(con, "Date,A,B\n1/1/2000,1,2\n1/2/2000,3,x\n");
        Path unc = dir.resolve("unc.csv");
        Files.writeString(unc, "Date,A,B\n1/1/2000,1,2\n1/2/2000,3,4\n");
        assertThatThrownBy(() -> PmfData.read(con, unc)).isInstanceOf(PmfInputException.class)
                .hasMessage(con + ": row 3, column 3 (B): 'x' is not a number");
        Files.writeString(unc, "Date,A,B\n1/1/2000,1,0\n1/2/2000,3,4\n");
        Files.writeString(con, "Date,A,B\n1/1/2000,1,2\n1/2/2000,3,4\n");
        assertThatThrownBy(() -> PmfData.read(con, unc)).hasMessageContaining("row 2, column 3 (B): uncertainty must be > 0");
        Files.writeString(con, "Date,A,B\n1/1/2000,1\n");
        assertThatThrownBy(() -> PmfData.read(con, unc)).hasMessageContaining("row 2: 2 columns, the header has 3");
    }

    @Test
    void uncertaintyFromDetectionLimits() throws Exception {
        Path con = dir.resolve("con.csv");
        Files.writeString(con, "Date,A\n1/1/2000,0.05\n1/2/2000,2\n");
        PmfData d = PmfData.readWithMdl(con, Map.of("A", 0.1), Map.of(), 0.1);
        assertThat(d.u(0, 0)).isEqualTo(5.0 / 6.0 * 0.1);
        assertThat(d.u(1, 0)).isCloseTo(Math.sqrt(0.2 * 0.2 + 0.05 * 0.05), Offset.offset(1e-12));
        assertThatThrownBy(() -> PmfData.readWithMdl(con, Map.of(), Map.of(), 0.1))
                .hasMessageContaining("no positive detection limit");
    }
}
