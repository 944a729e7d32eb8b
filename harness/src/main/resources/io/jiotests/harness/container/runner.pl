# jiotests command runner inside a reference QEMU container (perl-base is in every Debian image).
# Runs a program with stdout and stderr on separate pipes, read by one select loop, so that the
# record keeps both streams apart and in the order they arrived (like 2>&1 for the merged view).
#
#   perl runner.pl serve DIR   read request ids from the FIFO DIR/req, run DIR/ID.req, write DIR/ID.res
#                              and answer "ID\n" on the FIFO DIR/resp; DIR/ready appears when listening
#   perl runner.pl run CWD TIMEOUT MODE PROG ARGS...   run once, write the response to stdout
#
# Request (ID.req): NUL-terminated fields: cwd, timeout in seconds, mode, program, arguments...
# Mode S keeps stdout and stderr on two pipes; mode M gives the program one pipe for both (exactly
# like 2>&1), recorded as stdout.
# Response: "X <exit> <timed_out>\n" followed by records "O <len>\n<bytes>" (stdout) and
# "E <len>\n<bytes>" (stderr) in arrival order. Exit is 128+signal if the program was killed.
use strict;
use warnings;
use IO::Select;
use POSIX ();

sub run_cmd {
    my ($cwd, $timeout, $mode, @argv) = @_;
    my $merged = $mode eq 'M';
    pipe(my $or, my $ow) or die "pipe: $!";
    my ($er, $ew);
    pipe($er, $ew) or die "pipe: $!" unless $merged;
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        close $or;
        close $er unless $merged;
        open(STDIN, '<', '/dev/null');
        open(STDOUT, '>&', $ow) or POSIX::_exit(125);
        open(STDERR, '>&', $merged ? $ow : $ew) or POSIX::_exit(125);
        close $ow;
        close $ew unless $merged;
        chdir($cwd) or do { print STDERR "runner: cannot chdir to $cwd: $!\n"; POSIX::_exit(126) };
        { no warnings 'exec'; exec { $argv[0] } @argv; }
        print STDERR "runner: cannot run $argv[0]: $!\n";
        POSIX::_exit(127);
    }
    close $ow;
    close $ew unless $merged;
    my $sel = IO::Select->new($merged ? ($or) : ($or, $er));
    my $out = '';
    my $deadline = time + $timeout;
    my $timed_out = 0;
    while ($sel->count) {
        my @ready = $sel->can_read(0.5);
        if (!@ready && !$timed_out && time > $deadline) { kill 'KILL', $pid; $timed_out = 1; }
        for my $fh (@ready) {
            my $n = sysread($fh, my $buf, 65536);
            if (!$n) { $sel->remove($fh); close $fh; next; }
            $out .= ($fh == $or ? 'O ' : 'E ') . length($buf) . "\n" . $buf;
        }
    }
    waitpid($pid, 0);
    my $st = $?;
    my $code = ($st & 127) ? 128 + ($st & 127) : ($st >> 8);
    return "X $code $timed_out\n" . $out;
}

sub slurp {
    my ($path) = @_;
    open(my $fh, '<:raw', $path) or die "open $path: $!";
    local $/;
    my $data = <$fh>;
    close $fh;
    return $data;
}

my $mode = shift @ARGV // '';
if ($mode eq 'run') {
    binmode STDOUT;
    print run_cmd(@ARGV);
    exit 0;
}
die "usage: runner.pl serve DIR | run CWD TIMEOUT MODE PROG ARGS...\n" unless $mode eq 'serve';
my $dir = shift @ARGV;
$SIG{CHLD} = 'DEFAULT';
for my $f ('req', 'resp') {
    unlink "$dir/$f";
    POSIX::mkfifo("$dir/$f", 0600) or die "mkfifo $dir/$f: $!";
}
# Read-write opens never block and never see EOF when the other side closes.
open(my $req, '+<', "$dir/req") or die "open req: $!";
open(my $resp, '+<', "$dir/resp") or die "open resp: $!";
$resp->autoflush(1);
open(my $ready, '>', "$dir/ready") or die "ready: $!";
print $ready "$$\n";
close $ready;
while (my $id = <$req>) {
    chomp $id;
    last if $id eq 'quit';
    next unless $id =~ /^[0-9]+$/;
    my $res;
    if (my @f = eval { split /\0/, slurp("$dir/$id.req"), -1 }) {
        pop @f if @f && $f[-1] eq '';
        $res = eval { run_cmd(@f) } // ("X 125 0\nE " . length("runner: $@") . "\nrunner: $@");
    } else {
        my $msg = "runner: bad request $id: $@";
        $res = "X 125 0\nE " . length($msg) . "\n$msg";
    }
    unlink "$dir/$id.req";
    open(my $fh, '>:raw', "$dir/$id.res.tmp") or die "write $id: $!";
    print $fh $res;
    close $fh;
    rename("$dir/$id.res.tmp", "$dir/$id.res") or die "rename $id: $!";
    syswrite($resp, "$id\n");
}
