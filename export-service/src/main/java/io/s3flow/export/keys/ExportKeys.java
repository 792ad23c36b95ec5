package io.s3flow.export.keys;

/**
 * Object keys of an export's files: the connection's folder, the export's folder path and file name (macros resolved
 * for the run), a part number when {@code maxRowsPerFile} splits the run, and the format's extension. A key is a pure
 * function of the run, so a run written again after a failure overwrites exactly the objects it wrote before.
 */
public record ExportKeys(String connectionPrefix, NameTemplate folderPath, NameTemplate fileName, String extension) {

    /** The folder of the run's files, inside the connection's folder and ending in '/'. */
    public String folder(NameTemplate.Values values) {
        String folder = folderPath.resolve(values);
        StringBuilder key = new StringBuilder(connectionPrefix);
        for (String segment : folder.split("/", -1)) {
            if (segment.isEmpty() && folder.isEmpty()) {
                break;
            }
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new NameTemplate.InvalidTemplate("folderPath \"" + folder + "\" has an empty, '.' or '..' folder: "
                        + "files must stay inside the connection's folder");
            }
            key.append(segment).append('/');
        }
        return key.toString();
    }

    /** The key of a file; {@code part} 0 for a run in one file, else 1, 2, … as {@code _part-00001}. */
    public String fileKey(NameTemplate.Values values, int part) {
        String name = fileName.resolve(values);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new NameTemplate.InvalidTemplate("fileName resolves to \"" + name + "\", which names no file");
        }
        return folder(values) + name + (part == 0 ? "" : String.format("_part-%05d", part)) + extension;
    }

    /** Written last, beside the files: a reader that finds it knows the run is complete. */
    public String manifestKey(NameTemplate.Values values) {
        return folder(values) + "manifest-" + values.exportId() + "-" + values.runId() + ".json";
    }
}
