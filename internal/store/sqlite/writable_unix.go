//go:build unix

package sqlite

import (
	"fmt"
	"syscall"
)

// notWritable says why the store cannot write the database at path in dir
// (exists: whether the file is there), or "" when it can: the file must be
// writable, and the folder too, for SQLite's -wal and -shm files. access(2)
// answers for this process's user, and a read-only mount says EROFS.
func notWritable(dir, path string, exists bool) string {
	const wOK = 0x2 // W_OK
	if exists {
		if err := syscall.Access(path, wOK); err != nil {
			return fmt.Sprintf("the file %s is not writable: %v", path, err)
		}
	}
	if err := syscall.Access(dir, wOK|0x1); err != nil {
		return fmt.Sprintf("the folder %s is not writable: %v", dir, err)
	}
	return ""
}
