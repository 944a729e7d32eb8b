package io.jiotests.engine.tools.img;

import io.jiotests.engine.tools.ToolContext;

/** Process entry point of jqemu-img: runs {@link ImgTool} and exits with its code. */
public final class ImgMain {
    private ImgMain() {
    }

    public static void main(String[] args) {
        System.exit(new ImgTool().run(ToolContext.ofProcess(), args));
    }
}
