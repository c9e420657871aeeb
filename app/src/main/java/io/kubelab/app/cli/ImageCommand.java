package io.kubelab.app.cli;

import io.kubelab.engine.console.GoTabWriter;
import io.kubelab.engine.runtime.DockerFormat;
import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.image.ArchiveRejectedException;
import io.kubelab.linux.image.ImageStore;
import io.kubelab.linux.image.LocalImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubelab image import|ls}: real mode's local image store, which its clusters run images
 * from (real mode pulls from no registry). {@code import} takes what {@code docker save} or
 * {@code skopeo copy … oci-archive:} writes and answers like {@code docker load}; {@code ls}
 * lists like {@code docker images}. A running {@code kubelab serve --runtime linux} sees an
 * imported image at the kubelet's next pull (an {@code ImagePullBackOff} pod then starts).
 */
@Command(name = "image", mixinStandardHelpOptions = true, versionProvider = KubelabCommand.Version.class,
        subcommands = {ImageCommand.Import.class, ImageCommand.Ls.class},
        description = {"Manages the images real mode (--runtime linux) runs containers from."})
public final class ImageCommand implements Runnable {
    /** The exit code of a refused or unreadable archive. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What both subcommands take: where the store is. */
    static class StoreOption {
        @Option(names = "--linux-dir", paramLabel = "DIR",
                description = "Real mode's folder; images are kept in DIR/images (default: /var/lib/kubelab).")
        Path linuxDir = LinuxPlatform.defaultBase();

        ImageStore open() throws IOException {
            return ImageStore.open(linuxDir.resolve("images"));
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, versionProvider = KubelabCommand.Version.class,
            description = {"Imports images from docker save or OCI image layout tarballs (.tar or .tar.gz).", "",
                    "On a machine with docker:  docker save nginx:1.25 -o nginx.tar",
                    "Then here:                 kubelab image import nginx.tar"})
    static final class Import extends StoreOption implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "The tarballs to import.")
        List<Path> files = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ImageStore store;
            try {
                store = open();
            } catch (IOException e) {
                err.println("Error: cannot open the image store in " + linuxDir.resolve("images") + ": " + e.getMessage());
                return FAILED;
            }
            int code = 0;
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    err.println("Error: open " + file + ": no such file or directory");
                    code = FAILED;
                    continue;
                }
                try {
                    for (LocalImage img : store.importArchive(file)) {
                        // as docker load: one line per tag, the ID when the archive named none
                        if (img.repoTags().isEmpty()) {
                            out.println("Loaded image ID: " + img.id());
                        }
                        img.repoTags().forEach(t -> out.println("Loaded image: " + t));
                    }
                } catch (ArchiveRejectedException e) {
                    err.println("Error: " + file.getFileName() + " was refused, nothing of it was imported: " + e.getMessage());
                    code = FAILED;
                } catch (IOException | RuntimeException e) {
                    err.println("Error: cannot import " + file + ": " + e.getMessage());
                    code = FAILED;
                }
            }
            out.flush();
            err.flush();
            return code;
        }
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, versionProvider = KubelabCommand.Version.class,
            description = {"Lists the images in real mode's store, as docker images does."})
    static final class Ls extends StoreOption implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-q", "--quiet"}, description = "Only the image IDs.")
        boolean quiet;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<LocalImage> images;
            try {
                images = new ArrayList<>(open().list());
            } catch (IOException e) {
                spec.commandLine().getErr().println("Error: cannot open the image store in "
                        + linuxDir.resolve("images") + ": " + e.getMessage());
                return FAILED;
            }
            images.sort(Comparator.comparing(LocalImage::created).reversed());
            if (quiet) {
                images.forEach(i -> out.println(DockerFormat.shortImageId(i.id())));
                out.flush();
                return 0;
            }
            StringBuilder table = new StringBuilder("REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\n");
            Instant now = Instant.now();
            for (LocalImage i : images) {
                List<String> tags = i.repoTags().isEmpty() ? List.of("<none>:<none>") : i.repoTags();
                for (String tag : tags) {
                    int colon = tag.lastIndexOf(':');
                    table.append(tag, 0, colon).append('\t').append(tag.substring(colon + 1)).append('\t')
                            .append(DockerFormat.shortImageId(i.id())).append('\t')
                            .append(DockerFormat.ago(i.created(), now)).append('\t')
                            .append(DockerFormat.size(i.sizeBytes())).append('\n');
                }
            }
            out.print(GoTabWriter.align(table.toString(), 10, 3));
            out.flush();
            return 0;
        }
    }
}
