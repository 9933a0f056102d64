console.log('setup placeholder');
