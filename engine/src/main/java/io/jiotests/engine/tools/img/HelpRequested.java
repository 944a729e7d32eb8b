package io.jiotests.engine.tools.img;

/** -h / --help inside a subcommand: qemu-img prints its full help and exits with 0. */
final class HelpRequested extends ImgError {
    private static final long serialVersionUID = 1L;

    HelpRequested() {
        super("help", 0, false);
    }
}
