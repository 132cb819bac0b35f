//go:build !unix

package sqlite

import (
	"fmt"
	"os"
)

// notWritable says why the store cannot write the database at path in dir
// (exists: whether the file is there), or "" when it can. Without access(2)
// it tries: the file opened for writing, a file made in the folder.
func notWritable(dir, path string, exists bool) string {
	if exists {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Sprintf("the file %s is not writable: %v", path, err)
		}
		f.Close()
	}
	f, err := os.CreateTemp(dir, ".storyline-write-probe-*")
	if err != nil {
		return fmt.Sprintf("the folder %s is not writable: %v", dir, err)
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return ""
}
