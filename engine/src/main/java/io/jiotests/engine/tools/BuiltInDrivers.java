package io.jiotests.engine.tools;

import io.jiotests.engine.blkdebug.BlkdebugDriver;
import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.bochs.BochsDriver;
import io.jiotests.engine.cloop.CloopDriver;
import io.jiotests.engine.copyonread.CopyOnReadDriver;
import io.jiotests.engine.file.FileDriver;
import io.jiotests.engine.luks.LuksDriver;
import io.jiotests.engine.parallels.ParallelsDriver;
import io.jiotests.engine.qcow.QcowDriver;
import io.jiotests.engine.qcow2.Qcow2Driver;
import io.jiotests.engine.qed.QedDriver;
import io.jiotests.engine.raw.RawDriver;
import io.jiotests.engine.vdi.VdiDriver;
import io.jiotests.engine.vhdx.VhdxDriver;
import io.jiotests.engine.vmdk.VmdkDriver;
import io.jiotests.engine.vpc.VpcDriver;

import java.util.List;

/**
 * The block drivers the engine jar registers in META-INF/services/io.jiotests.engine.block.BlockDriver,
 * in that file's order, built directly: the launchers' class path holds only the engine jar and
 * third-party libraries, so {@link Main} presets these instead of a ServiceLoader scan of every jar
 * (BuiltInDriversTest keeps this list equal to the service file).
 */
public final class BuiltInDrivers {
    private BuiltInDrivers() {
    }

    public static List<BlockDriver> all() {
        return List.of(new FileDriver(), new RawDriver(), new Qcow2Driver(), new VdiDriver(), new BlkdebugDriver(),
                new CopyOnReadDriver(), new QedDriver(), new QcowDriver(), new VpcDriver(), new ParallelsDriver(),
                new BochsDriver(), new CloopDriver(), new VmdkDriver(), new VhdxDriver(), new LuksDriver());
    }
}
