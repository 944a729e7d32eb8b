package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.OpenFlags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code qemu-img info [-f fmt] [--output=ofmt] [--backing-chain] [-U] [--image-opts] filename}. */
final class ImgInfo implements ImgTool.Command {

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":f:hU", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("format", true, 'f'),
                new GetOpt.LongOpt("output", true, ImgOptions.OPTION_OUTPUT),
                new GetOpt.LongOpt("backing-chain", false, ImgOptions.OPTION_BACKING_CHAIN),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U')));
        String fmt = null;
        String output = null;
        boolean chain = false;
        boolean imageOpts = false;
        boolean forceShare = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'U' -> forceShare = true;
                case ImgOptions.OPTION_OUTPUT -> output = g.optarg();
                case ImgOptions.OPTION_BACKING_CHAIN -> chain = true;
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            throw ImgError.usage("Expecting one image file name");
        }
        String filename = ops.get(0);
        boolean json = output != null && ImgOptions.outputJson(output);
        List<Map<String, Object>> infos = collect(env, filename, fmt, chain, imageOpts, forceShare);
        StringBuilder sb = new StringBuilder();
        if (json) {
            sb.append(QJson.pretty(chain ? infos : infos.get(0))).append('\n');
        } else {
            for (int i = 0; i < infos.size(); i++) {
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append(InfoPrinter.human(infos.get(i)));
            }
        }
        env.out().print(sb);
        return 0;
    }

    private List<Map<String, Object>> collect(ImgEnv env, String filename, String fmt, boolean chain,
                                              boolean imageOpts, boolean forceShare) throws ImgError {
        List<Map<String, Object>> list = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String name = filename;
        String format = fmt;
        boolean opts = imageOpts;
        while (name != null) {
            if (!seen.add(name)) {
                throw ImgError.report("Backing file '" + name + "' creates an infinite loop.");
            }
            OpenFlags flags = OpenFlags.readOnly().withNoBacking(true).withNoIo(true)
                    .withForceShare(forceShare);
            Map<String, Object> info;
            try (BlockNode node = ImageOpener.openOrFail(env, name, format, opts, flags)) {
                info = ImageInfoData.collect(node, ImageDisplayName.of(name, opts, node.driver().name()));
            } catch (BlockException e) {
                throw ImgError.report(e.getMessage());
            }
            list.add(info);
            if (!chain) {
                break;
            }
            name = (String) info.get("full-backing-filename");
            format = (String) info.get("backing-filename-format");
            opts = false;
        }
        return list;
    }
}
